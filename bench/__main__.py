"""``python -m bench``: the benchmark run (bench/run.py); ``python -m bench script``: the script import's
(bench/script.py)."""

import sys

if sys.argv[1:2] == ["script"]:
    from .script import main as script_main

    raise SystemExit(script_main(sys.argv[2:]))

from .run import main

raise SystemExit(main())
