"""Time and peak memory of reading each file, in a fresh process: ``python -m tests.corpus.measure FILE…``.

Prints one JSON object: the baseline after imports and, per file, the outcome (refused or read), the refusal,
the seconds, the peak of Python allocations (tracemalloc) and the process's peak resident size. The address
space is capped at 2 GB above the baseline (Linux), so a file that slipped past the guard fails the measurement
instead of exhausting the machine.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

CAP_BYTES = 2 << 30


def _vm_size() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def main(paths: list[str]) -> dict[str, object]:
    from xlproduction.workbook.guard import WorkbookUnreadable
    from xlproduction.workbook.reader import load_production

    vm = _vm_size()
    if vm is not None:
        resource.setrlimit(resource.RLIMIT_AS, (vm + CAP_BYTES, vm + CAP_BYTES))
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    results = []
    for p in paths:
        gc.collect()
        tracemalloc.start()
        t0 = time.perf_counter()
        outcome, message = "read", ""
        try:
            load_production(p)
        except WorkbookUnreadable as e:
            outcome, message = "refused", str(e)
        except MemoryError:
            outcome, message = "out-of-memory", ""
        seconds = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        results.append({"file": Path(p).name, "outcome": outcome, "message": message, "seconds": seconds,
                        "python_peak_bytes": peak,
                        "rss_peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024})  # fmt: skip
    return {"baseline_rss_bytes": base_rss, "results": results}


if __name__ == "__main__":
    json.dump(main(sys.argv[1:]), sys.stdout)
