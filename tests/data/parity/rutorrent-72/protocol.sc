[rutorrent]
title="ruTorrent RPC"
desc="ruTorrent"
port_forward="yes"
dst.ports="8050/tcp"
