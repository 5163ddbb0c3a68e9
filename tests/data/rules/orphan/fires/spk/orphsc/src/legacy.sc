[orphsc_legacy]
title="Legacy"
desc="Legacy port"
dst.ports="7711/tcp"
