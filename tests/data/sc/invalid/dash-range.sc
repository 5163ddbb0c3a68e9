[a]
title="t"
desc="d"
dst.ports="7000-8000/tcp"
