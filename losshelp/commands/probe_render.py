"""Present a probe run: a progress display on stderr, the findings table, the loss curves plotted in
the terminal (rich + plotext), and the diagnosis as `losshelp diagnose` prints it."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from losshelp.commands.diagnose_view import print_diagnosis, verdict_line
from losshelp.probe.logs.model import LOSS_ROLES

TEXT = {
    "en": {"probe": "probe", "measured": "measured", "value": "value", "threshold": "threshold", "verdict": "verdict",
           "findings": "Findings", "causes": "Diagnosis", "skipped": "skipped", "time": "probes took",
           "ok": "ok", "abnormal": "ABNORMAL", "info": "info", "error": "error", "curves": "Loss curves", "log": "log"},
    "zh": {"probe": "探针", "measured": "测量项", "value": "值", "threshold": "阈值", "verdict": "判定",
           "findings": "测量结果", "causes": "诊断", "skipped": "已跳过",
           "time": "探针耗时", "ok": "正常", "abnormal": "异常", "info": "信息", "error": "出错", "curves": "loss 曲线", "log": "日志"},
}
STYLE = {"ok": "green", "abnormal": "bold red", "info": "dim", "error": "yellow"}
MAX_CAUSES = 5
# Largest |value| plotted, and 1/PLOT_LIMIT the smallest non-zero one: plotext takes differences, logs and powers
# of ten of the extremes, which overflow near 1e308 and on subnormal numbers (below 2.2e-308).
PLOT_LIMIT = 1e100


class Progress:
    """A transient rich progress bar on stderr (shown only on a terminal), fed by the runner's callback."""

    def __init__(self, total: int) -> None:
        from rich.progress import Progress as RichProgress, SpinnerColumn, TextColumn, BarColumn

        console = Console(stderr=True)
        self._bar = RichProgress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), console=console,
                                 transient=True, disable=not console.is_terminal)
        self._task = self._bar.add_task("loading", total=total)

    def __enter__(self) -> "Progress":
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def stop(self) -> None:
        self._bar.stop()

    def update(self, probe: Any, event: str) -> None:
        if event == "start":
            self._bar.update(self._task, description=f"probe {probe.name}")
        else:
            self._bar.advance(self._task)


def print_list(probes: list[Any]) -> None:
    """One line per probe: name, what it needs, the facts it measures, what it does."""
    table = Table("probe", "needs", "facts", "measures", box=None)
    for p in probes:
        table.add_row(p.name, ",".join(sorted(p.needs)), ", ".join(p.facts), p.doc)
    Console().print(table)


def _label(kb, fact: str | None, value: Any, lang: str) -> str:
    symptom = kb.symptoms.get(fact) if fact else None
    if isinstance(value, float):
        return f"{value:.4g}"
    label = symptom.label(value, lang) if symptom is not None else None
    if label:
        return f"{value} ({label})"
    return "" if value is None else str(value)


def findings_table(report, kb, lang: str) -> Table:
    """The findings: probe, the fact measured with its one-line reason, value, threshold, verdict."""
    t = TEXT[lang]
    table = Table(title=t["findings"], expand=True)
    for key, ratio in (("measured", 6), ("value", 2), ("threshold", 2)):
        table.add_column(t[key], ratio=ratio, overflow="fold")
    table.add_column(t["verdict"], no_wrap=True)
    for f in report.findings:
        measured = f"[bold]{f.fact or '-'}[/] [dim]({f.probe})[/]\n[dim]{f.reason}[/]"
        verdict = f"[{STYLE[f.verdict]}]{t[f.verdict]}[/]"
        table.add_row(measured, _label(kb, f.fact, f.value, lang), f.threshold, verdict)
    return table


def plottable(x: Any, y: Any) -> Any:
    """The points the terminal plot can draw: finite, with magnitudes from 1/PLOT_LIMIT to PLOT_LIMIT (or 0),
    so that its axis ranges and ticks (differences, logs and powers of ten of the extremes) stay finite."""
    import numpy as np

    def drawable(v: Any) -> Any:
        size = np.abs(v)
        return np.isfinite(v) & (size <= PLOT_LIMIT) & ((size == 0) | (size >= 1 / PLOT_LIMIT))

    return drawable(x) & drawable(y)


def plot_curves(log, width: int, title: str, color: bool) -> tuple[str | None, list[str]]:
    """The log's loss series drawn by plotext (log-scale y when all values are positive), and a note per
    series on the points left out; no plot when no point can be drawn."""
    import numpy as np
    import plotext as plt

    plt.clear_figure()
    plt.plotsize(min(width, 100), 18)
    positive, drawn, notes = True, 0, []
    for role in LOSS_ROLES:
        series = log.get(role)
        if series is None:
            continue
        ok = plottable(series.x, series.y)
        if not ok.all():
            notes.append(f"{series.column}: {int((~ok).sum())} of {ok.size} values not plotted (NaN, inf, or too large or too small to draw: beyond ±{PLOT_LIMIT:g} or within ±{1 / PLOT_LIMIT:g} of 0)")
        if not ok.any():
            continue
        drawn += 1
        positive &= bool(np.all(series.y[ok] > 0))
        plt.plot(series.x[ok].tolist(), series.y[ok].tolist(), label=series.column, marker="braille")
    if not drawn:
        return None, notes
    if positive:
        plt.yscale("log")
    plt.title(title)
    plt.xlabel(log.x_name)
    if not color:
        plt.theme("clear")
    canvas = plt.build()
    return (canvas if color else plt.uncolorize(canvas)), notes


def print_report(report, inputs, diagnosis, kb, lang: str, plot: bool) -> None:
    """Everything a person reads after `losshelp probe`: plot, findings, skipped probes, causes, timings."""
    t = TEXT[lang]
    console = Console()
    console.print(verdict_line(replace(diagnosis, findings=tuple(f.to_json() for f in report.findings)), lang))
    notes = list(inputs.log.notes) if inputs.log is not None else []
    if plot and inputs.log is not None and any(inputs.log.get(r) for r in LOSS_ROLES):
        canvas, left_out = plot_curves(inputs.log, console.width, t["curves"], console.is_terminal and sys.stdout.isatty())
        if canvas is not None:
            print(canvas)
        notes += left_out
    for note in notes:
        console.print(f"[dim]{t['log']}: {escape(note)}[/dim]")
    console.print(findings_table(report, kb, lang))
    if report.skipped:
        console.print(f"[dim]{t['skipped']}: " + ", ".join(f"{k} ({v})" for k, v in report.skipped.items()) + "[/dim]")
    console.print(f"\n[bold]{t['causes']}[/]")
    print_diagnosis(diagnosis, lang, MAX_CAUSES, console, hide_unlikely=True, show_verdict=False)
    total = sum(v for k, v in report.timings.items())
    console.print(f"[dim]{t['time']} {total:.2f} s[/dim]")
