[noreason]
title="No reason"
desc="No reason"
dst.ports="7720/tcp"
