# comment
; other comment
[a_b.c-d]
title = "T"
desc=D unquoted
dst.ports=19999/tcp
[two]
desc="x"
title="y"
src.ports="1:1024"
dst.ports="53/udp,53/tcp"
title_key="k"
