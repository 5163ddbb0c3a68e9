[a]
title="t"
desc="d"
dst.ports="80/tcp,tcp"

[b]
title="t"
