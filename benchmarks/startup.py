"""Startup times: `losshelp --help`, `losshelp --version`, and the terminal app's first screen.

Prints the median wall time of several fresh interpreter runs of each, and which of torch and
textual got imported (neither for --help/--version; no torch for the app).

    python -m benchmarks.startup   (from the repository root)
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


FIRST_SCREEN = """
import asyncio, sys, time
start = time.perf_counter()
from losshelp.tui.app import LossHelpApp
from losshelp.tui.screens.home import HomeScreen

async def first_screen():
    app = LossHelpApp(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        while not isinstance(app.screen, HomeScreen) or not app.screen.is_mounted:
            await pilot.pause()
        print(time.perf_counter() - start, "torch" in sys.modules)

asyncio.run(first_screen())
"""


def time_first_screen(runs: int = RUNS) -> tuple[list[float], bool]:
    """Seconds from interpreter start to the mounted home screen (headless), and whether torch got imported."""
    times, torch_seen = [], False
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", FIRST_SCREEN], capture_output=True, text=True, check=True)
        total = time.perf_counter() - start
        _, torch_flag = out.stdout.split()
        times.append(total)
        torch_seen |= torch_flag == "True"
    return times, torch_seen


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
    times, torch_seen = time_first_screen()
    print(
        f"app first screen  : median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
        f"({RUNS} runs, process start to mounted home screen, headless 80x24); torch imported: {torch_seen}"
    )


if __name__ == "__main__":
    main()
