"""``python -m bench``: the benchmark run (bench/run.py)."""

from .run import main

raise SystemExit(main())
