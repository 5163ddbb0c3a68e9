"""Rendering of the templates shipped in ``spkgen/templates`` (jinja2, imported lazily)."""
from __future__ import annotations

import os
import sys

from .errors import SpkgenError

TYPE_CHECKING = False
if TYPE_CHECKING:     # annotations only: typing is not imported at run time
    from typing import Any

TEMPLATE_DIR = os.path.join(os.path.dirname(__file__), "templates")
INSTALL_HINT = ("jinja2 is not installed: run 'apt-get install python3-jinja2' "
                "(Debian/Ubuntu) or 'python3 -m pip install jinja2'")


def render(template: str, values: dict[str, str]) -> str:
    """Render a template with plain values: they are data, never template code."""
    jinja2 = _import_jinja2()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
                             undefined=jinja2.StrictUndefined, autoescape=False,
                             keep_trailing_newline=True)
    text: str = env.get_template(template).render(**values)
    return text


def _import_jinja2() -> Any:
    """jinja2, from site-packages too when the launcher started Python without them (-S)."""
    try:
        import jinja2
    except ImportError:
        if not sys.flags.no_site:
            raise SpkgenError(INSTALL_HINT) from None
        import site
        site.main()
        try:
            import jinja2
        except ImportError:
            raise SpkgenError(INSTALL_HINT) from None
    return jinja2
