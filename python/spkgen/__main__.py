# Kept to syntax every Python can read: an interpreter older than 3.9 gets one line
# naming the version needed, not a traceback from the modules' newer syntax.
import sys

if sys.version_info < (3, 9):
    sys.stderr.write("spkgen: error: Python 3.9 or newer is needed, this is %s (%s); set "
                     "SPKGEN_PYTHON to a newer python3\n"
                     % (sys.version.split()[0], sys.executable or "python"))
    sys.exit(1)

from .cli import main  # noqa: E402

status = main()
# Every output file is written and closed by now.  Flush the standard streams and leave
# without the interpreter's teardown of every module: ~2 ms of a ~20 ms build step.
try:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:        # None: started with the stream closed
            stream.flush()
except OSError:           # main() reported a failing stdout already; nothing more to say
    status = status or 1
import os  # noqa: E402
os._exit(status)
