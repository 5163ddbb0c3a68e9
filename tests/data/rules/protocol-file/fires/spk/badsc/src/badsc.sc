[badsc]
title="Bad SC"
desc="Bad SC"
port_forward="yes"
dst.ports="70000/tcp"
