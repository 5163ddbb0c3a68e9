[a]
title="t"
desc="d"
src.ports="0"
dst.ports="80/tcp"
