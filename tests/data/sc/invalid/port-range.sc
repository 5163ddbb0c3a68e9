[a]
title="t"
desc="d"
dst.ports="70000/tcp"
