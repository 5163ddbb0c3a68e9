# c
[a]
port_forward="yes"
