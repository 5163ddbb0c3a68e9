# Ports DSM's own services use, for 'spkgen check' (a package declaring one of them
# clashes with DSM).  Written in the protocol-file format spkgen parses anyway.
# Source: Synology Knowledge Center, "What network ports are used by DSM services?"
#   https://kb.synology.com/en-global/DSM/tutorial/What_network_ports_are_used_by_Synology_services
#   (last updated 24 Apr 2025; read 2026-11-22).  Only services built into DSM, plus
#   Synology's MariaDB package and DSM's internal PostgreSQL, are listed: ports of
#   optional Synology packages (Drive, Surveillance, ...) are not DSM's own.
[dsm_web]
title="DSM"
desc="DSM web interface (HTTP/HTTPS)"
dst.ports="5000,5001/tcp"

[web_server]
title="Web Station / nginx"
desc="DSM's web server"
dst.ports="80,443/tcp"

[ssh]
title="SSH"
desc="Terminal (SSH, SFTP, rsync over SSH)"
dst.ports="22/tcp"

[telnet]
title="Telnet"
desc="Terminal (Telnet)"
dst.ports="23/tcp"

[ftp]
title="FTP"
desc="File Services (FTP)"
dst.ports="21/tcp"

[smb]
title="SMB"
desc="File Services (SMB/CIFS)"
dst.ports="137,138/udp,139,445/tcp"

[afp]
title="AFP"
desc="File Services (AFP)"
dst.ports="548/tcp"

[nfs]
title="NFS"
desc="File Services (NFS)"
dst.ports="111,892,2049/tcp,udp"

[rsync]
title="rsync"
desc="rsync, Shared Folder Sync, Hyper Backup"
dst.ports="873/tcp"

[iscsi]
title="iSCSI"
desc="SAN Manager (iSCSI)"
dst.ports="3260/tcp"

[snmp]
title="SNMP"
desc="SNMP"
dst.ports="161/udp"

[synology_assistant]
title="Synology Assistant"
desc="Synology Assistant discovery"
dst.ports="9997:9999/udp"

[mariadb]
title="MariaDB"
desc="Synology's MariaDB 10 package"
dst.ports="3306/tcp"

[postgresql]
title="PostgreSQL"
desc="DSM's internal PostgreSQL"
dst.ports="5432/tcp"
