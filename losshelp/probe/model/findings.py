"""What the model probes share: the inputs they need, their precedence over the checkpoint's guesses,
and the small pieces (yes/no, verdict, the optimizer a probe trained with) their findings are built from."""

from __future__ import annotations

from losshelp.probe.base import Finding, ProbeInputs

NEEDS = ["model", "data"]
# Measured with the model and data, these outrank the checkpoint's data-free guesses at the same fact.
MEASURED = 1


def yes_no(flag: bool) -> str:
    """A yes/no fact value."""
    return "yes" if flag else "no"


def verdict_of(bad: bool) -> str:
    """The verdict of a check that is either bad or fine."""
    return "abnormal" if bad else "ok"


def lr_text(value: float | None) -> str:
    """A learning rate as shown in a finding."""
    return f"{value:.2g}" if value is not None else "none"


def stepper(spec):
    """The user's optimizer where torch can step it plainly, else the safe default (Adam 1e-3)."""
    from losshelp.probe.model import fitting

    return spec if spec is not None and spec.rebuildable else fitting.SAFE_OPTIMIZER


def stepped_with(ctx) -> dict[str, str]:
    """Finding.inputs of a probe that trains with `stepper`: the loss, the optimizer and lr it used."""
    spec = stepper(ctx.optimizer)
    loss = f"{ctx.objective.kind} ({'inferred' if ctx.objective.inferred else 'given'})"
    if spec is ctx.optimizer:
        return {"loss": loss, **ctx.optimizer_read}
    return {"loss": loss, "optimizer": f"adam (losshelp's default: yours is {ctx.optimizer.name if ctx.optimizer else 'unknown'})",
            "lr": f"{spec.lr:g} (default)"}


def lr_unknown(name: str) -> list[Finding]:
    """The finding of a probe that needs the learning rate and was not given one."""
    return [Finding(name, None, None, "", "info", "the learning rate is unknown: save the optimizer in the checkpoint or --set lr=...")]


def named_list(names: list[str], limit: int = 4) -> str:
    """The first `limit` names, and how many more there are."""
    return ", ".join(names[:limit]) + (f" (+{len(names) - limit} more)" if len(names) > limit else "")


def fresh_model(inputs: ProbeInputs):
    """The model as `--model`'s factory built it, before any checkpoint weights were loaded into it."""
    if inputs.data is None:
        return inputs.model
    from losshelp.probe.model.context import model_context

    return model_context(inputs).initial


def keeps_state(optimizer: dict | None) -> bool:
    """Whether the saved optimizer keeps state for every tensor it steps (all but plain SGD and LBFGS)."""
    if optimizer is None:
        return False
    from losshelp.probe.checkpoint.optimizer import read_optimizer

    info = read_optimizer(optimizer)
    return info.name not in ("lbfgs", "unknown") and (info.name != "sgd" or (info.momentum or 0) > 0)
