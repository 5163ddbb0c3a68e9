[noreason_legacy]
title="Legacy"
desc="Legacy port"
dst.ports="7721/tcp"
