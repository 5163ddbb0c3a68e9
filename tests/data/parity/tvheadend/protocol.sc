[tvheadend]
title="tvheadend"
desc="Tvheadend"
port_forward="yes"
dst.ports="9981/tcp"
