[a]
title="t"
desc="d"
dst.ports="9000:8000/tcp"
