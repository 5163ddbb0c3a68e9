[a]
title="t"
desc="d"
dst.ports="http/tcp"
