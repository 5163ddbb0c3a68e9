[a]
title="t"
desc="d"
dst.ports="80,/tcp"
