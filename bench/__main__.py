"""``python -m bench``: the benchmark run (bench/run.py); ``python -m bench script``: the script import's
(bench/script.py); ``python -m bench talent FILE.json …``: the talent-scheduling proof of the schedule optimizer
(bench/talent.py); ``python -m bench optimize [SIZE …]``: the schedule optimizer on the sample and XL
productions (bench/optimize.py)."""

import sys

if sys.argv[1:2] == ["script"]:
    from .script import main as script_main

    raise SystemExit(script_main(sys.argv[2:]))

if sys.argv[1:2] == ["optimize"]:
    from .optimize import main as optimize_main

    raise SystemExit(optimize_main(sys.argv[2:]))

if sys.argv[1:2] == ["talent"]:
    from .talent import main as talent_main

    raise SystemExit(talent_main(sys.argv[2:]))

from .run import main

raise SystemExit(main())
