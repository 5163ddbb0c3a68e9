[a]
title="t"
desc="d"
port_forward="true"
dst.ports="80/tcp"
