title="x"
[a]
