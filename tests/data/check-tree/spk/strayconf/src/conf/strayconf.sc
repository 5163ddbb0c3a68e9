[strayconf]
title="Stray"
desc="Stray"
port_forward="yes"
dst.ports="64738/tcp,udp"
