"""``spkgen check``: every package of a spksrc-style tree, for several DSM versions.

tree (the run: make's answers, validation, findings), makeinfo (asking make),
cache (keeping make's answers), clashes (ports and links across packages),
spksrc_model (what spksrc alone ships), report (text and JSON)."""
