"""Startup time of the command line: `losshelp --help` and `losshelp --version`.

Prints the median wall time of several fresh interpreter runs of each, and whether torch or
textual got imported (neither should be).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 7
CHECK = (
    "import sys\nfrom losshelp.cli import main\ntry:\n    main([{flag!r}])\nexcept SystemExit:\n    pass\n"
    "print('imported:', sorted(m for m in ('torch', 'textual') if m in sys.modules), file=sys.stderr)"
)


def time_command(args: list[str], runs: int = RUNS) -> list[float]:
    """Wall times in seconds of `runs` fresh runs of `python -m losshelp ARGS`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "losshelp", *args], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    interpreter = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        interpreter.append(time.perf_counter() - start)
    print(f"bare interpreter start: median {statistics.median(interpreter) * 1000:.0f} ms ({RUNS} runs)")
    for flag in ("--help", "--version"):
        times = time_command([flag])
        imported = subprocess.run([sys.executable, "-c", CHECK.format(flag=flag)], capture_output=True, text=True).stderr.strip()
        print(f"losshelp {flag:9}: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms ({RUNS} runs); {imported}")


if __name__ == "__main__":
    main()
