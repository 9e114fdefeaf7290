"""Probe: choose a checkpoint, a log, a model and data; measure them in a worker; show findings,
curves and ranked causes; open the wizard with the measured facts.

Loading and measuring are `losshelp.probe`'s, diagnosing the engine's; this screen runs them off
the event loop and shows what they return.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.widgets import Button, DataTable, Footer, Input, Label, Markdown, ProgressBar, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState, get_current_worker
from textual_plotext import PlotextPlot

from losshelp.present import say
from losshelp.present.curves import CHANCE_COLOR, COLORS, loss_curves, y_range
from losshelp.present.labels import fact_label, value_text
from losshelp.present.styles import muted_markup, verdict_markup
from losshelp.probe.request import ProbeRequest, demo_paths
from losshelp.tui.dialogs.file_picker import FilePicker
from losshelp.tui.i18n import t
from losshelp.tui.messages import OpenWizard
from losshelp.tui.report import diagnosis_markdown
from losshelp.tui.screens.base import LocalizedScreen
from losshelp.userdata import save_settings

if TYPE_CHECKING:
    from losshelp.engine.result import Diagnosis
    from losshelp.kb import KnowledgeBase

FIELDS = (("checkpoint", "probe_checkpoint"), ("log", "probe_log"), ("model", "probe_model"), ("data", "probe_data"), ("run", "probe_run_dir"))


class Cancelled(Exception):
    """Raised between two probes when the user cancels the run."""


@dataclass(frozen=True)
class ProbeResult:
    """What a finished run hands back to the screen."""

    report: Any
    inputs: Any
    seconds: float


class ProbeScreen(LocalizedScreen):
    """Measure a run and read the diagnosis."""

    AUTO_FOCUS = "#input-checkpoint"
    BINDINGS = [
        Binding("f5", "run", "key_run"),
        Binding("f6", "demo", "key_demo"),
        Binding("f4", "pick", "key_pick"),
        Binding("f8", "cancel", "key_cancel", priority=True),
        Binding("f7", "wizard", "key_wizard"),
        Binding("e", "edit", "key_edit", show=False),
    ]

    def __init__(self, lang: str, kb: KnowledgeBase, request: ProbeRequest | None = None, last: Mapping[str, str] | None = None) -> None:
        super().__init__(lang)
        self.kb = kb
        self._given = request or ProbeRequest()
        """The paths and options from the command line; loss, device and trust carry over to every run."""
        self._last = {field: (last or {}).get(f"probe_{field}", "") for field, _ in FIELDS}
        """The paths of the last run (remembered across runs of the app): the form starts with them
        when the command line gives none, without running them."""

    def compose(self) -> ComposeResult:
        with Vertical(id="probe"):
            yield Static(id="probe-summary")
            with Vertical(id="probe-form"):
                for field, _ in FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(id=f"label-{field}", classes="field-label")
                        yield Input(id=f"input-{field}", classes="field-input")
            with Horizontal(id="probe-actions"):
                yield Button(id="run", variant="primary", classes="action")
                yield Button(id="demo", classes="action")
                yield Button(id="cancel", classes="action", disabled=True)
                yield Button(id="wizard", classes="action", disabled=True)
            yield ProgressBar(id="probe-progress", show_eta=False)
            yield Static(id="probe-status", classes="hint")
            with TabbedContent(id="probe-tabs"):
                with TabPane("causes", id="tab-causes"):
                    with VerticalScroll(id="causes-box"):
                        yield Markdown(id="causes")
                with TabPane("findings", id="tab-findings"):
                    yield DataTable(id="findings", zebra_stripes=True, cursor_type="row")
                    with VerticalScroll(id="finding-detail-box"):
                        yield Markdown(id="finding-detail")
                with TabPane("curves", id="tab-curves"):
                    yield PlotextPlot(id="curves")
                    yield Static(id="curves-legend")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#probe-progress", ProgressBar).display = False  # shown once a run starts
        self.result: ProbeResult | None = None
        self.diagnosis: Diagnosis | None = None
        self._status: tuple[str, dict[str, Any]] = ("probe_idle", {})
        if self._given.empty:
            for field, value in self._last.items():
                self.query_one(f"#input-{field}", Input).value = value
        else:
            self._fill(self._given)
        super().on_mount()
        self.watch(self.app, "theme", lambda _theme: self.relabel(self.lang), init=False)
        if not self._given.empty:
            self.action_run()

    # --- drawing -------------------------------------------------------------------------
    def relabel(self, lang: str) -> None:
        for field, key in FIELDS:
            self.query_one(f"#label-{field}", Label).update(t(key, lang))
        for button in ("run", "demo", "cancel", "wizard"):
            self.query_one(f"#{button}", Button).label = t("probe_to_wizard" if button == "wizard" else f"key_{button}", lang)
        self._draw_summary(lang)
        tabs = self.query_one("#probe-tabs", TabbedContent)
        for pane, label in (("tab-findings", say("probe.findings", lang)), ("tab-curves", t("probe_curves", lang)), ("tab-causes", t("causes", lang))):
            tabs.get_tab(pane).label = label
        key, values = self._status
        self.query_one("#probe-status", Static).update(t(key, lang, **values))
        self._draw_findings(lang)
        self._draw_curves(lang)
        self._draw_causes(lang)

    def _draw_summary(self, lang: str) -> None:
        """Once a run starts the form folds into this one line (e opens it again)."""
        request = self._request()
        parts = [f"{t(key, lang)}: {Path(value).name}" for field, key in FIELDS if (value := getattr(request, field))]
        aside = muted_markup(f"({t('probe_edit', lang)})", self.app.current_theme.dark)
        self.query_one("#probe-summary", Static).update(" · ".join(parts) + f"  {aside}")

    def action_edit(self) -> None:
        self.remove_class("-ran")
        self.query_one("#input-checkpoint", Input).focus()

    def _set_status(self, key: str, **values: Any) -> None:
        self._status = (key, values)
        self.query_one("#probe-status", Static).update(t(key, self.lang, **values))

    def _draw_findings(self, lang: str) -> None:
        table = self.query_one("#findings", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        # The question column takes what the others leave, so verdict and value stay on screen.
        widths = {"col_measured": max(16, self.size.width - 42), "col_verdict": 8, "col_value": 14, "col_threshold": 14}
        for key, width in widths.items():
            table.add_column(say(f"probe.{key}", lang), width=width)
        self.query_one("#finding-detail", Markdown).update("")
        if self.result is None:
            return
        for finding in self.result.report.findings:
            verdict = verdict_markup(finding.verdict, say('probe.verdict_' + finding.verdict, lang), self.app.current_theme.dark)
            table.add_row(self._measured(finding, lang), verdict, self._value(finding, lang), finding.threshold)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
            self._draw_detail(row, lang)

    def _measured(self, finding: Any, lang: str) -> str:
        """What was measured, in words: the question the measurement answers, else the probe's name."""
        return fact_label(self.kb, finding.fact, lang) or finding.probe.replace("_", " ")

    def _value(self, finding: Any, lang: str) -> str:
        return value_text(self.kb, finding.fact, finding.value, lang)

    def _draw_detail(self, row: int, lang: str) -> None:
        """The highlighted finding in full: what, value, verdict, threshold, why, what it used; ids muted."""
        findings = self.result.report.findings if self.result else ()
        if not 0 <= row < len(findings):
            return
        finding = findings[row]
        lines = [
            f"**{self._measured(finding, lang)}**: {self._value(finding, lang)} · {say('probe.verdict_' + finding.verdict, lang)}",
            "",
            f"- {say('probe.col_threshold', lang)}: {finding.threshold}",
            f"- {say('probe.col_why', lang)}: {finding.reason}",
            *(f"- {k}: {v}" for k, v in finding.inputs.items()),
            "",
            f"*{finding.fact or '-'} · {finding.probe}*",
        ]
        self.query_one("#finding-detail", Markdown).update("\n".join(lines))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "findings":
            self._draw_detail(event.cursor_row, self.lang)

    def _draw_curves(self, lang: str) -> None:
        plot = self.query_one("#curves", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        log = self.result.inputs.log if self.result is not None else None
        legend: list[str] = []
        if log is None:
            plt.title(t("probe_no_log", lang))
        else:
            chance = self.diagnosis.computed.get("chance_loss") if self.diagnosis else None
            shown: list[float] = []
            for i, curve in enumerate(loss_curves(log, lang)[0]):
                color = COLORS[i % len(COLORS)]
                plt.plot(curve.x, curve.y, color=color, marker="braille")
                shown += curve.y
                legend.append(f"[{color}]━━[/] {escape(curve.column)}")
            if chance is not None:
                plt.hline(chance, color=CHANCE_COLOR)
                legend.append(f"[{CHANCE_COLOR}]━━[/] {say('probe.chance', lang, value=chance)}")
            plt.ylim(*y_range(shown, chance))
            plt.xlabel(log.x_name)
        self.query_one("#curves-legend", Static).update("   ".join(legend))
        plot.refresh()

    def _draw_causes(self, lang: str) -> None:
        text = diagnosis_markdown(self.kb, self.diagnosis, lang) if self.diagnosis is not None else ""
        self.query_one("#causes", Markdown).update(text)

    # --- running -------------------------------------------------------------------------
    def _request(self) -> ProbeRequest:
        values = {field: self.query_one(f"#input-{field}", Input).value.strip() or None for field, _ in FIELDS}
        base = self._given
        return ProbeRequest(**values, loss=base.loss, device=base.device, trust_checkpoint=base.trust_checkpoint)

    def _fill(self, request: ProbeRequest) -> None:
        for field, _ in FIELDS:
            self.query_one(f"#input-{field}", Input).value = getattr(request, field) or ""

    def action_run(self) -> None:
        request = self._request()
        if request.empty:
            self._set_status("probe_nothing")
            return
        self.query_one("#cancel", Button).disabled = False
        self.query_one("#run", Button).disabled = True
        self.add_class("-ran")
        self._draw_summary(self.lang)
        try:
            save_settings({f"probe_{field}": getattr(request, field) or "" for field, _ in FIELDS})
        except OSError as exc:
            self.notify(str(exc), severity="warning")
        if isinstance(self.focused, Input):  # the report opens on its Causes tab: focus there, not on Findings
            self.query_one("#causes-box", VerticalScroll).focus()
        self._measure(request)

    def action_demo(self) -> None:
        checkpoint, log = demo_paths()
        self._fill(ProbeRequest(checkpoint=checkpoint, log=log))
        self.action_run()

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "probe")

    def action_wizard(self) -> None:
        if self.result is not None:
            self.post_message(OpenWizard(dict(self.result.report.facts)))

    def action_pick(self) -> None:
        focused = self.focused
        field = focused.id.removeprefix("input-") if isinstance(focused, Input) and focused.id else "checkpoint"
        label = t(dict(FIELDS)[field], self.lang)

        def chosen(path: str | None) -> None:
            if path:
                self.query_one(f"#input-{field}", Input).value = path

        self.app.push_screen(FilePicker(t("probe_pick", self.lang, what=label)), chosen)

    @work(thread=True, exclusive=True, group="probe", exit_on_error=False)
    def _measure(self, request: ProbeRequest) -> ProbeResult:
        """Load and measure off the event loop; progress and cancellation between probes."""
        from losshelp.probe import select
        from losshelp.probe.request import measure

        worker = get_current_worker()
        start = time.perf_counter()
        probes = select()
        self.app.call_from_thread(self._progress_reset, len(probes))

        def on_progress(probe, state: str) -> None:
            if worker.is_cancelled:
                raise Cancelled
            if state == "start":
                self.app.call_from_thread(self._set_status, "probe_running", probe=probe.name)
            else:
                self.app.call_from_thread(self.query_one("#probe-progress", ProgressBar).advance, 1)

        inputs, report = measure(request, {}, probes, on_progress=on_progress)
        return ProbeResult(report, inputs, time.perf_counter() - start)

    def _progress_reset(self, total: int) -> None:
        bar = self.query_one("#probe-progress", ProgressBar)
        bar.update(total=total, progress=0)
        bar.display = True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "probe" or event.state in (WorkerState.PENDING, WorkerState.RUNNING):
            return
        self.query_one("#cancel", Button).disabled = True
        self.query_one("#run", Button).disabled = False
        if event.state == WorkerState.SUCCESS:
            from losshelp.engine import diagnose

            result = event.worker.result
            assert isinstance(result, ProbeResult)
            self.result = result
            self.diagnosis = diagnose(result.report.facts, self.kb, measured=True)
            self.query_one("#wizard", Button).disabled = False
            self._set_status("probe_done", n=len(result.report.findings), seconds=result.seconds)
            self.relabel(self.lang)
        else:  # cancelled or failed: results of an earlier run no longer stand for what the form says
            self.result, self.diagnosis = None, None
            self.query_one("#wizard", Button).disabled = True
            if event.state == WorkerState.CANCELLED or isinstance(event.worker.error, Cancelled):
                self._set_status("probe_cancelled")
            else:
                self._set_status("probe_error", error=escape(str(event.worker.error)))
            self.relabel(self.lang)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"run": self.action_run, "demo": self.action_demo, "cancel": self.action_cancel, "wizard": self.action_wizard}
        actions[event.button.id or ""]()
