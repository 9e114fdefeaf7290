"""What the user asks the probes to look at, its loading into `ProbeInputs`, and its measuring.

Shared by `losshelp probe` and the terminal app's probe screen, so both read files the same way
(checkpoints with `weights_only=True` unless trusted) and time the loading the same way.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files

from losshelp.probe.base import FactValue, Probe, ProbeInputs
from losshelp.probe.errors import ProbeInputError
from losshelp.probe.runner import OnProgress, ProbeReport, run_probes

DEMO_FILES = ("demo_checkpoint.pt", "demo_metrics.csv")


@dataclass(frozen=True)
class ProbeRequest:
    """Paths and options as the user gave them; every input is optional."""

    checkpoint: str | None = None
    log: str | None = None
    model: str | None = None
    data: str | None = None
    loss: str | None = None
    device: str = "cpu"
    trust_checkpoint: bool = False
    run: str | None = None
    """A run folder written by `losshelp.watch` / `losshelp run`: its facts and alerts join the report."""

    @property
    def empty(self) -> bool:
        return not (self.checkpoint or self.log or self.model or self.data or self.run)


def demo_paths() -> tuple[str, str]:
    """The bundled faulty run: (checkpoint, loss log)."""
    folder = files("losshelp.probe") / "data"
    return str(folder / DEMO_FILES[0]), str(folder / DEMO_FILES[1])


def _check_device(device: str) -> None:
    """Refuse `cuda` up front on a machine without it, rather than let every model probe fail."""
    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise ProbeInputError("--device cuda: CUDA is not available on this machine")


def load_inputs(request: ProbeRequest, stated: Mapping[str, FactValue], timings: dict[str, float]) -> ProbeInputs:
    """Read every input the request names; ProbeInputError (one line) on a bad file or device. Loading
    times go into `timings` beside the probes' own."""
    from losshelp.probe.checkpoint import load_checkpoint
    from losshelp.probe.logs import read_log

    _check_device(request.device)
    inputs = ProbeInputs(device=request.device, stated=dict(stated))
    if request.checkpoint:
        start = time.perf_counter()
        inputs.checkpoint = load_checkpoint(request.checkpoint, trust=request.trust_checkpoint)
        timings["load_checkpoint"] = round(time.perf_counter() - start, 4)
    if request.log:
        start = time.perf_counter()
        inputs.log = read_log(request.log)
        timings["load_log"] = round(time.perf_counter() - start, 4)
    if request.model or request.data:
        from losshelp.probe.model.loading import load_data, load_loss, load_model

        start = time.perf_counter()
        inputs.model = load_model(request.model) if request.model else None
        inputs.data = load_data(request.data) if request.data else None
        inputs.loss = load_loss(request.loss)
        timings["load_model_data"] = round(time.perf_counter() - start, 4)
    return inputs


def measure(
    request: ProbeRequest,
    stated: Mapping[str, FactValue],
    probes: Sequence[Probe],
    on_progress: OnProgress | None = None,
) -> tuple[ProbeInputs, ProbeReport]:
    """Load the request's inputs and run `probes` on them; the report's timings hold the loading
    times first, then each probe's. ProbeInputError (one line) on a bad file or device."""
    timings: dict[str, float] = {}
    inputs = load_inputs(request, stated, timings)
    report = run_probes(probes, inputs, on_progress=on_progress)
    report.timings = {**timings, **report.timings}
    if request.run:
        from losshelp.watch.runfolder import read_run

        watched = read_run(request.run)
        report.findings = [*watched.findings, *report.findings]
        report.facts = {**watched.facts, **report.facts}  # stated facts and probes' measurements win
    return inputs, report
