[oldsc_legacy]
title="Legacy"
desc="Legacy port"
dst.ports="7700/tcp"
