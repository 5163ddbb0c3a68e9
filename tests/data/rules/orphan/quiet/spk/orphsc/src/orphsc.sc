[orphsc]
title="Orphan SC"
desc="Orphan SC"
dst.ports="7710/tcp"
