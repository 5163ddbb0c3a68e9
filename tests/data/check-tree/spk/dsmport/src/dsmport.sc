[dsmport]
title="Admin"
desc="Admin UI over HTTPS"
port_forward="yes"
dst.ports="5001/tcp"
