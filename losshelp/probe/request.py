"""What the user asks the probes to look at, its loading into `ProbeInputs`, and its measuring.

Shared by `losshelp probe` and the terminal app's probe screen, so both read files the same way
(checkpoints with `weights_only=True` unless trusted) and time the loading the same way.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files

from losshelp.errors import ProbeFailure
from losshelp.probe.base import FactValue, Probe, ProbeInputs
from losshelp.probe.errors import ProbeInputError
from losshelp.probe.runner import OnProgress, ProbeReport, run_probes
from losshelp.readfile import check_file

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

    def check(self) -> None:
        """Refuse a combination that cannot be measured, before anything is loaded."""
        if self.model and not self.data:
            raise ProbeInputError("--model needs --data: the batches to run the model on (FILE.py:FACTORY, FILE.pt or FILE.npz)")


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


def _shape(value: object) -> str:
    """`(64, 10) float32` for a tensor, the type's name otherwise."""
    shape, dtype = getattr(value, "shape", None), getattr(value, "dtype", None)
    if shape is None:
        return type(value).__name__
    return f"{tuple(shape)} {str(dtype).removeprefix('torch.')}"


def check_runs_together(inputs: ProbeInputs) -> None:
    """Build the model context and take one loss on the first batch; if the model, the data and the loss
    cannot run together, every model probe would fail the same way, so this is the one error to report,
    with the shapes that did not fit."""
    import torch

    from losshelp.probe.model.context import model_context
    from losshelp.probe.model.loading import LoadError
    from losshelp.probe.model.objective import batch_to, call_model, first_tensor, forward, output_tensor

    shapes = [f"inputs {_shape(first_tensor(inputs.data[0].inputs))}", f"targets {_shape(inputs.data[0].targets)}"]
    try:
        with torch.no_grad():
            context = model_context(inputs)
            batch = batch_to(context.first, inputs.device)
            shapes.append(f"output {_shape(output_tensor(call_model(context.model, batch, context.objective)))}")
            forward(context.model, batch, context.objective)
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # noqa: BLE001 - any failure of the user's model or loss on their data, sys.exit included
        message = str(error).strip().splitlines()[0] if str(error).strip() else ""
        first = str(error) if isinstance(error, LoadError) else f"{type(error).__name__}{': ' + message if message else ''}"
        raise ProbeFailure(f"the model, data and loss do not run together: {first} ({', '.join(shapes)})") from None


def load_inputs(request: ProbeRequest, stated: Mapping[str, FactValue], timings: dict[str, float]) -> ProbeInputs:
    """Read every input the request names; ProbeInputError (one line) on a bad file or device. Loading
    times go into `timings` beside the probes' own."""
    from losshelp.probe.checkpoint import load_checkpoint
    from losshelp.probe.logs import read_log

    request.check()
    _check_device(request.device)
    inputs = ProbeInputs(device=request.device, stated=dict(stated))
    if request.checkpoint:
        check_file(request.checkpoint, "checkpoint")
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
        if inputs.model is not None:
            check_runs_together(inputs)
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
