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
from losshelp.present import say
from losshelp.present.curves import loss_curves
from losshelp.present.labels import value_text
from losshelp.present.styles import FINDING_STYLE

MAX_CAUSES = 5


class Progress:
    """A transient rich progress bar on stderr (shown only on a terminal), fed by the runner's callback."""

    def __init__(self, total: int, lang: str) -> None:
        from rich.progress import BarColumn, SpinnerColumn, TextColumn
        from rich.progress import Progress as RichProgress

        console = Console(stderr=True)
        self._bar = RichProgress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), console=console,
                                 transient=True, disable=not console.is_terminal)
        self._lang = lang
        self._task = self._bar.add_task(say("probe.loading", lang), total=total)

    def __enter__(self) -> Progress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def stop(self) -> None:
        self._bar.stop()

    def update(self, probe: Any, event: str) -> None:
        if event == "start":
            self._bar.update(self._task, description=say("probe.running", self._lang, probe=probe.name))
        else:
            self._bar.advance(self._task)


def print_list(probes: list[Any], lang: str) -> None:
    """One line per probe: name, what it needs, the facts it measures, what it does."""
    heads = (say("probe.list_probe", lang), say("probe.list_needs", lang), say("probe.list_facts", lang), say("probe.list_measures", lang))
    table = Table(*heads, box=None)
    for p in probes:
        table.add_row(p.name, ",".join(sorted(p.needs)), ", ".join(p.facts), p.doc)
    Console().print(table)


def findings_table(report, kb, lang: str) -> Table:
    """The findings: probe, the fact measured with its one-line reason, value, threshold, verdict."""
    table = Table(title=say("probe.findings", lang), expand=True)
    for key, ratio in (("measured", 6), ("value", 2), ("threshold", 2)):
        table.add_column(say(f"probe.col_{key}", lang), ratio=ratio, overflow="fold")
    table.add_column(say("probe.col_verdict", lang), no_wrap=True)
    for f in report.findings:
        measured = f"[bold]{f.fact or '-'}[/] [dim]({f.probe})[/]\n[dim]{f.reason}[/]"
        verdict = f"[{FINDING_STYLE[f.verdict]}]{say('probe.verdict_' + f.verdict, lang)}[/]"
        table.add_row(measured, value_text(kb, f.fact, f.value, lang, with_value=True), f.threshold, verdict)
    return table


def plot_curves(log, width: int, lang: str, color: bool) -> tuple[str | None, list[str]]:
    """The log's loss curves drawn by plotext (log-scale y when all values are positive), and a note per
    series on the points left out; no plot when no point can be drawn."""
    import plotext as plt

    curves, notes = loss_curves(log, lang)
    if not curves:
        return None, notes
    plt.clear_figure()
    plt.plotsize(min(width, 100), 18)
    for curve in curves:
        plt.plot(curve.x, curve.y, label=curve.column, marker="braille")
    if all(v > 0 for curve in curves for v in curve.y):
        plt.yscale("log")
    plt.title(say("probe.curves", lang))
    plt.xlabel(log.x_name)
    if not color:
        plt.theme("clear")
    canvas = plt.build()
    return (canvas if color else plt.uncolorize(canvas)), notes


def print_report(report, inputs, diagnosis, kb, lang: str, plot: bool) -> None:
    """Everything a person reads after `losshelp probe`: plot, findings, skipped probes, causes, timings."""
    console = Console()
    console.print(verdict_line(replace(diagnosis, findings=tuple(f.to_json() for f in report.findings)), lang))
    notes = list(inputs.log.notes) if inputs.log is not None else []
    if plot and inputs.log is not None:
        canvas, left_out = plot_curves(inputs.log, console.width, lang, console.is_terminal and sys.stdout.isatty())
        if canvas is not None:
            print(canvas)
        notes += left_out
    for note in notes:
        console.print(f"[dim]{say('probe.log', lang)}: {escape(note)}[/dim]")
    console.print(findings_table(report, kb, lang))
    if report.skipped:
        console.print(f"[dim]{say('probe.skipped', lang)}: " + ", ".join(f"{k} ({v})" for k, v in report.skipped.items()) + "[/dim]")
    console.print(f"\n[bold]{say('probe.causes', lang)}[/]")
    print_diagnosis(diagnosis, lang, MAX_CAUSES, console, hide_unlikely=True, show_verdict=False)
    total = sum(v for k, v in report.timings.items())
    console.print(f"[dim]{say('probe.took', lang, seconds=total)}[/dim]")
