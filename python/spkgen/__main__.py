# Kept to syntax every Python can read: an interpreter older than 3.9 gets one line
# naming the version needed, not a traceback from the modules' newer syntax.
import sys

if sys.version_info < (3, 9):
    sys.stderr.write("spkgen: error: Python 3.9 or newer is needed, this is %s (%s); set "
                     "SPKGEN_PYTHON to a newer python3\n"
                     % (sys.version.split()[0], sys.executable or "python"))
    sys.exit(1)

from .cli import main  # noqa: E402

sys.exit(main())
