[oldsc]
title="Old SC"
desc="Old SC"
dst.ports="7701/tcp"
