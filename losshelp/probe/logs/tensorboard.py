"""TensorBoard event files through tbparse (the `tensorboard` extra): scalars as rows by step."""

from __future__ import annotations

from pathlib import Path

from losshelp.probe.errors import ProbeInputError


def read_events(path: Path) -> tuple[list[str], list[dict[str, float | None]]]:
    """Scalar tags as columns, one row per step; tbparse is imported only here."""
    try:
        from tbparse import SummaryReader
    except ImportError:
        raise ProbeInputError(
            f"{path}: reading TensorBoard event files needs tbparse: pip install 'losshelp[tensorboard]'"
        ) from None
    try:
        scalars = SummaryReader(str(path)).scalars
    except Exception as exc:  # noqa: BLE001 - tbparse raises many types on bad files
        raise ProbeInputError(f"{path}: not a readable TensorBoard event file ({type(exc).__name__})") from None
    if scalars is None or len(scalars) == 0:
        raise ProbeInputError(f"{path}: no scalars in the TensorBoard events")
    by_step: dict[float, dict[str, float | None]] = {}
    for step, tag, value in zip(scalars["step"], scalars["tag"], scalars["value"], strict=True):
        by_step.setdefault(float(step), {"step": float(step)})[str(tag)] = float(value)
    tags = list(dict.fromkeys(str(t) for t in scalars["tag"]))
    return ["step", *tags], [by_step[s] for s in sorted(by_step)]
