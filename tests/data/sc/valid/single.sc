[web]
title="Web"
desc="Web UI"
port_forward="yes"
dst.ports="8080/tcp"
