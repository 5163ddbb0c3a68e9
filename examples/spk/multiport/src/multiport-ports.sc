[multiport]
title="API (RPC)"
desc="Multi Port API"
port_forward="yes"
dst.ports="6800/tcp"

[multiport_dht]
title="DHT (UDP)"
desc="Multi Port DHT"
port_forward="yes"
dst.ports="6885:6999/udp"
