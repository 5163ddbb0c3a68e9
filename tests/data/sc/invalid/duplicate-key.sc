[a]
title="t"
title="u"
desc="d"
dst.ports="80/tcp"
