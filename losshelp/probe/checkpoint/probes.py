"""The checkpoint probes (data-free): non-finite values, weight scale, symmetry, near-zero layers,
ReLU units silenced by their bias, the optimizer's state, and the architecture's shapes."""

from __future__ import annotations

import statistics

from losshelp.probe.base import Finding, ProbeInputs
from losshelp.probe.checkpoint.layers import Layer, guess_num_classes, layers, output_layer, weighted
from losshelp.probe.checkpoint.optimizer import read_optimizer
from losshelp.probe.checkpoint.schedule import from_optimizer, from_scheduler, used_lr
from losshelp.probe.checkpoint.thresholds import DEAD_BIAS_SIGMAS, DEAD_LAYER_FRACTION, NEAR_ZERO_RMS, SYMMETRY_FRACTION, WEIGHT_SCALE_LARGE, WEIGHT_SCALE_SMALL
from losshelp.probe.checkpoint.weights import can_be_nonfinite, nonfinite_count, rms_ratio, scale_ratio, silenced_fraction, twin_fraction
from losshelp.probe.logs.thresholds import LR_DECAY_RATIO, LR_VANISHED_RATIO
from losshelp.probe.registry import register

NEEDS = ["checkpoint"]
MAX_NAMED = 3  # layers named in a reason


def _named(items: list[tuple[str, float]], fmt: str = "{:.3g}") -> str:
    shown = ", ".join(f"{name} {fmt.format(v)}" for name, v in items[:MAX_NAMED])
    return shown + (f" (+{len(items) - MAX_NAMED} more)" if len(items) > MAX_NAMED else "")


def _weighted(inputs: ProbeInputs) -> list[Layer]:
    return weighted(layers(inputs.checkpoint.tensors))


def _optimizer_tensors(state: dict | None) -> list:
    per_param = (state or {}).get("state") or {}
    return [v for entry in per_param.values() if isinstance(entry, dict) for v in entry.values() if hasattr(v, "isfinite")]


@register("checkpoint_nonfinite", needs=NEEDS, facts=["weights_nonfinite"])
def checkpoint_nonfinite(inputs: ProbeInputs) -> list[Finding]:
    """NaN or inf in any model tensor or optimizer-state tensor."""
    ckpt = inputs.checkpoint
    bad = [(name, float(n)) for name, t in ckpt.tensors.items() if (n := nonfinite_count(t))]
    bad_opt = sum(nonfinite_count(t) for t in _optimizer_tensors(ckpt.optimizer))
    found = bool(bad) or bad_opt > 0
    checked = sum(can_be_nonfinite(t) for t in ckpt.tensors.values())
    exact = len(ckpt.tensors) - checked
    reason = f"non-finite values in {_named(bad, '{:.0f}')}" if bad else f"{checked} floating-point tensors all finite"
    if exact:
        reason += f" ({exact} integer or boolean tensors cannot hold NaN/inf)"
    if bad_opt:
        reason += f"; {bad_opt} in the optimizer state"
    return [Finding("checkpoint_nonfinite", "weights_nonfinite", "yes" if found else "no", "any NaN/inf", "abnormal" if found else "ok", reason)]


@register("checkpoint_weight_scale", needs=NEEDS, facts=["weight_scale"])
def checkpoint_weight_scale(inputs: ProbeInputs) -> list[Finding]:
    """Median over linear/conv layers of std(W) * sqrt(fan_in) against Kaiming/Xavier's ~1."""
    ratios = [(l.name, scale_ratio(l.weight)) for l in _weighted(inputs) if l.weight.isfinite().all()]
    if not ratios:
        return [Finding("checkpoint_weight_scale", None, None, "", "info", "no finite linear or conv weights")]
    median = statistics.median(r for _, r in ratios)
    value = "too_large" if median > WEIGHT_SCALE_LARGE else "too_small" if median < WEIGHT_SCALE_SMALL else "ok"
    off = sorted(((n, r) for n, r in ratios if not WEIGHT_SCALE_SMALL <= r <= WEIGHT_SCALE_LARGE), key=lambda nr: abs(nr[1] - 1), reverse=True)
    reason = f"median std*sqrt(fan_in) {median:.3g} over {len(ratios)} layers (Kaiming 1.41, PyTorch default 0.58)"
    if off:
        reason += f"; outside the band: {_named(off)}"
    rule = f"{WEIGHT_SCALE_SMALL:g} .. {WEIGHT_SCALE_LARGE:g}"
    return [Finding("checkpoint_weight_scale", "weight_scale", value, rule, "ok" if value == "ok" else "abnormal", reason)]


@register("checkpoint_symmetry", needs=NEEDS, facts=["symmetric_units"])
def checkpoint_symmetry(inputs: ProbeInputs) -> list[Finding]:
    """Layers where many units (rows, filters) are identical: symmetry left by a constant init."""
    fractions = [(l.name, twin_fraction(l.weight)) for l in _weighted(inputs) if l.weight.shape[0] >= 2]
    symmetric = [(n, f) for n, f in fractions if f >= SYMMETRY_FRACTION]
    rule = f">= {SYMMETRY_FRACTION:.0%} of units with an identical twin"
    reason = f"identical units in {_named(symmetric, '{:.0%}')}" if symmetric else f"no identical units in {len(fractions)} layers"
    return [Finding("checkpoint_symmetry", "symmetric_units", "yes" if symmetric else "no", rule, "abnormal" if symmetric else "ok", reason)]


@register("checkpoint_near_zero", needs=NEEDS, facts=["near_zero_layers"])
def checkpoint_near_zero(inputs: ProbeInputs) -> list[Finding]:
    """Layers whose RMS weight shrank below 1 % of 1/sqrt(fan_in): weight decay pulled them to zero."""
    ratios = [(l.name, rms_ratio(l.weight)) for l in _weighted(inputs) if l.weight.isfinite().all()]
    near = [(n, r) for n, r in ratios if r < NEAR_ZERO_RMS]
    rule = f"RMS*sqrt(fan_in) < {NEAR_ZERO_RMS:g}"
    reason = (f"{len(near)} of {len(ratios)} layers near zero: {_named(near)}" if near
              else f"smallest RMS*sqrt(fan_in) {min((r for _, r in ratios), default=0):.3g}")
    return [Finding("checkpoint_near_zero", "near_zero_layers", "yes" if near else "no", rule, "abnormal" if near else "ok", reason)]


@register("checkpoint_dead_relu", needs=NEEDS, facts=["many_dead_relu"])
def checkpoint_dead_relu(inputs: ProbeInputs) -> list[Finding]:
    """Hidden layers where half the units have a bias that keeps a following ReLU off (data-free evidence);
    near-zero layers are left to checkpoint_near_zero, since any bias dominates a vanished weight."""
    all_layers = [l for l in layers(inputs.checkpoint.tensors) if l.kind == "batchnorm" or rms_ratio(l.weight) >= NEAR_ZERO_RMS]
    head = output_layer(layers(inputs.checkpoint.tensors))
    followed_by_bn = {a.name for a, b in zip(all_layers, all_layers[1:], strict=False) if b.kind == "batchnorm"}
    hidden = [l for l in all_layers if l.kind in ("linear", "conv", "batchnorm") and (head is None or l.name != head.name) and l.name not in followed_by_bn]
    fractions = [(l.name, f) for l in hidden if (f := silenced_fraction(l)) is not None]
    dead = [(n, f) for n, f in fractions if f >= DEAD_LAYER_FRACTION]
    rule = f"bias < -{DEAD_BIAS_SIGMAS:g} x ||w|| for >= {DEAD_LAYER_FRACTION:.0%} of a layer's units"
    if dead:
        return [Finding("checkpoint_dead_relu", "many_dead_relu", "yes", rule, "abnormal", f"units silenced by their bias in {_named(dead, '{:.0%}')}")]
    top = max((f for _, f in fractions), default=0.0)
    return [Finding("checkpoint_dead_relu", None, None, rule, "ok",
                    f"at most {top:.0%} of units silenced by bias in {len(fractions)} hidden layers (data-free check; with data, the activations probe "
                    "measures it)")]


@register("checkpoint_optimizer", needs=NEEDS, facts=["optimizer", "lr", "weight_decay"])
def checkpoint_optimizer(inputs: ProbeInputs) -> list[Finding]:
    """The optimizer's kind (from its state and param_group keys) and its lr, weight decay, momentum and betas."""
    state = inputs.checkpoint.optimizer
    if state is None:
        return [Finding("checkpoint_optimizer", None, None, "", "info", "no optimizer state in the checkpoint")]
    info = read_optimizer(state)
    read = {"optimizer": f"{info.name} (checkpoint optimizer state and param_group keys)"}
    out = [Finding("checkpoint_optimizer", "optimizer", info.kind, "", "info", info.how, read)]
    if info.unusable:
        out.append(Finding("checkpoint_optimizer", None, None, "a finite number >= 0", "abnormal",
                           f"param_groups[0] holds {', '.join(info.unusable)}: no optimizer runs with that, so it is not stated as a fact"))
    if info.configured_lr is not None:
        used = used_lr(inputs.log, inputs.checkpoint)
        now = f"; last used {used.describe()}" if used is not None and used.value != info.configured_lr else ""
        out.append(Finding("checkpoint_optimizer", "lr", info.configured_lr, "", "info", f"the lr the run started from (param_groups[0] initial_lr or lr){now}",
                           {**read, "lr": f"{info.configured_lr:.3g} (checkpoint optimizer, configured)"}))
    if info.weight_decay is not None:
        out.append(Finding("checkpoint_optimizer", "weight_decay", info.weight_decay, "", "info", "param_groups[0] weight_decay", read))
    if info.momentum is not None or info.betas is not None:
        shown = f"betas {info.betas}" if info.betas else f"momentum {info.momentum:g}"
        out.append(Finding("checkpoint_optimizer", None, shown, "", "info", "param_groups[0]", read))
    return out


@register("checkpoint_schedule", needs=NEEDS, facts=["lr_decay", "lr_vanished"], precedence=-2)
def checkpoint_schedule(inputs: ProbeInputs) -> list[Finding]:
    """Whether the lr the run last used (scheduler state, else param_groups) is decayed from where it started, or vanished."""
    ckpt = inputs.checkpoint
    used = from_scheduler(ckpt.scheduler) or from_optimizer(ckpt.optimizer)
    if used is None or used.decay is None:
        return [Finding("checkpoint_schedule", None, None, "", "info", "no lr saved in the checkpoint")]
    decayed = used.decay <= LR_DECAY_RATIO
    vanished = 0 < used.decay < LR_VANISHED_RATIO
    read = {"lr": used.describe(), "start lr": f"{used.peak:.3g} ({used.peak_source})"}
    reason = f"last lr {used.value:.3g} vs {used.peak:.3g} at the start"
    return [Finding("checkpoint_schedule", "lr_decay", "yes" if decayed else "no", f"last <= {LR_DECAY_RATIO:g} x start", "info", reason, read),
            Finding("checkpoint_schedule", "lr_vanished", "yes" if vanished else "no", f"0 < last < {LR_VANISHED_RATIO:g} x start (0: annealed to zero)",
                    "abnormal" if vanished else "ok", reason, read)]


@register("checkpoint_shapes", needs=NEEDS, facts=["num_classes", "depth", "uses_batchnorm"])
def checkpoint_shapes(inputs: ProbeInputs) -> list[Finding]:
    """Architecture from tensor shapes: classes (the head's outputs), depth, normalisation layers."""
    tensors = inputs.checkpoint.tensors
    all_layers = layers(tensors)
    out = []
    classes = guess_num_classes(tensors)
    if classes:
        out.append(Finding("checkpoint_shapes", "num_classes", float(classes), "", "info", f"out features of the head {output_layer(all_layers).name}"))
    depth = len(weighted(all_layers))
    out.append(Finding("checkpoint_shapes", "depth", float(depth), "", "info", "linear and conv layers"))
    norms = [l.name for l in all_layers if l.kind in ("batchnorm", "norm")]
    out.append(Finding("checkpoint_shapes", "uses_batchnorm", "yes" if norms else "no", "", "info",
                       f"{len(norms)} normalisation layers" + (f", e.g. {norms[0]}" if norms else "")))
    return out
