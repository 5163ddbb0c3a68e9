[a]
title="café"
desc="d"
dst.ports="80/tcp"
