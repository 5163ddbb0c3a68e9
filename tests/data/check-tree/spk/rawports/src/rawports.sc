[rawports]
title="Raw"
desc="Raw API"
port_forward="yes"
dst.ports=19999/tcp
[rawports-ui]
title="Raw UI"
desc="Raw UI"
dst.ports="19998/tcp"
