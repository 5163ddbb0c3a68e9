[w]
title="Wizard port"
desc="d"
port_forward="no"
dst.ports="{{wizard_http_port}}/tcp"
[x]
title="t"
desc="d"
dst.ports="6000,7000:8000/tcp,udp"
[y]
title="t"
desc="d"
dst.ports="21116"
[z]
title="t"
desc="d"
dst.ports="4648/tcp,4648/udp,2812/tcp,udp"
