"""python -m xuncha"""

import sys

if sys.argv[1:2] == ["merge-driver"] and len(sys.argv) == 6:
    # git runs the driver once per record file both sides changed: skip loading the whole CLI.
    from .records.mergedriver import run

    sys.exit(run(*sys.argv[2:6]))

from .cli import main

main()
