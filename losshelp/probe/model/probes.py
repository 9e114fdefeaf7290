"""The model probes: each runs one measurement of `losshelp.probe.model` on the user's model and
batches and turns its numbers into facts (findings with the threshold they were judged against).

The measurements (and torch) are imported inside each probe, so reading the registry stays light."""

from __future__ import annotations

import math

from losshelp.probe.base import Finding, ProbeInputs
from losshelp.probe import thresholds as PT
from losshelp.probe.model import thresholds as T
from losshelp.probe.registry import register

NEEDS = ["model", "data"]
# Measured with the model and data, these outrank the checkpoint's data-free guesses at the same fact.
MEASURED = 1


def _yn(flag: bool) -> str:
    return "yes" if flag else "no"


def _verdict(bad: bool) -> str:
    return "abnormal" if bad else "ok"


def _lr(value: float | None) -> str:
    return f"{value:.2g}" if value is not None else "none"


def _stepper(spec):
    """The user's optimizer where torch can step it plainly, else the safe default (Adam 1e-3)."""
    from losshelp.probe.model import fitting as FT

    return spec if spec is not None and spec.rebuildable else FT.SAFE_OPTIMIZER


def _stepped_with(ctx) -> dict[str, str]:
    """Finding.inputs of a probe that trains with `_stepper`: the loss, the optimizer and lr it used."""
    spec = _stepper(ctx.optimizer)
    loss = f"{ctx.objective.kind} ({'inferred' if ctx.objective.inferred else 'given'})"
    if spec is ctx.optimizer:
        return {"loss": loss, **ctx.optimizer_read}
    return {"loss": loss, "optimizer": f"adam (losshelp's default: yours is {ctx.optimizer.name if ctx.optimizer else 'unknown'})", "lr": f"{spec.lr:g} (default)"}


def _lr_unknown(name: str) -> list[Finding]:
    return [Finding(name, None, None, "", "info", "the learning rate is unknown: save the optimizer in the checkpoint or --set lr=...")]


def _named(names: list[str], limit: int = 4) -> str:
    return ", ".join(names[:limit]) + (f" (+{len(names) - limit} more)" if len(names) > limit else "")


def _fresh_model(inputs: ProbeInputs):
    """The model as `--model`'s factory built it, before any checkpoint weights were loaded into it."""
    if inputs.data is None:
        return inputs.model
    from losshelp.probe.model.context import model_context

    return model_context(inputs).initial


def _keeps_state(optimizer: dict | None) -> bool:
    """Whether the saved optimizer keeps state for every tensor it steps (all but plain SGD and LBFGS)."""
    if optimizer is None:
        return False
    from losshelp.probe.checkpoint.optimizer import read_optimizer

    info = read_optimizer(optimizer)
    return info.name not in ("lbfgs", "unknown") and (info.name != "sgd" or (info.momentum or 0) > 0)


@register("training_state", needs=["checkpoint", "model"], facts=["params_never_moved", "params_not_stepped", "weights_grown"], precedence=MEASURED)
def training_state(inputs: ProbeInputs) -> list[Finding]:
    """What the user's loop did: the checkpoint against a fresh build of the model and the saved optimizer state."""
    from losshelp.probe.checkpoint import trained as TR
    from losshelp.probe.checkpoint.unwrap import strip_wrappers

    fresh = _fresh_model(inputs)
    named = list(fresh.named_parameters())
    matched = TR.pairs(named, strip_wrappers(inputs.checkpoint.tensors))
    if len(matched) < max(1, len(named) // 2):
        return [Finding("training_state", None, None, "", "info", f"only {len(matched)} of {len(named)} parameters match the checkpoint by name and shape: nothing to compare")]
    trainable = [p for p in matched if p.trainable]
    frozen = [p.name for p in matched if not p.trainable]
    optimizer = inputs.checkpoint.optimizer
    read = {"compared": f"{len(matched)} parameters with a fresh build of --model", "optimizer": "saved" if optimizer else "not saved"}
    out = []
    unmoved = TR.never_moved(matched)
    held = TR.held_names(optimizer, [n for n, _ in named]) if optimizer else None
    stepped_unmoved = [n for n in unmoved if held and held.get(n)]
    everything = bool(trainable) and len(unmoved) == len(trainable)
    rule = "trainable tensors equal to a fresh build: all of them, or any the optimizer has stepped"
    if stepped_unmoved or everything:
        why = (f"{len(stepped_unmoved)} tensors the optimizer holds state for are still exactly as built: {_named(stepped_unmoved)} (the weights saved are not the ones it optimised)"
               if stepped_unmoved else f"all {len(trainable)} trainable tensors are still exactly as built")
        out.append(Finding("training_state", "params_never_moved", "yes", rule, "abnormal", why, read))
    elif unmoved:  # frozen on purpose (fine-tuning) or cut from the graph: grad_flow_check tells them apart with data
        out.append(Finding("training_state", None, None, rule, "info", f"{len(trainable) - len(unmoved)} of {len(trainable)} trainable tensors moved from a fresh build; "
                           f"unchanged, and never stepped by the optimizer: {_named(unmoved)} (frozen on purpose when fine-tuning, else cut from the graph)", read))
    else:
        out.append(Finding("training_state", "params_never_moved", "no", rule, "ok", f"all {len(trainable)} trainable tensors moved from a fresh build", read))
    if not trainable:
        out.append(Finding("training_state", "params_not_stepped", "yes", "every parameter frozen", "abnormal",
                           f"all {len(frozen)} parameters have requires_grad=False: nothing can train (a loss forced to require grad hides it)", read))
    elif optimizer is not None and _keeps_state(optimizer):
        c = TR.coverage(optimizer, len(trainable), len(frozen))
        none = c.given > 0 and c.with_state == 0
        detail = f"the optimizer holds {c.given} tensors, {c.with_state} with state; the model has {c.trainable} trainable, {c.frozen} frozen ({_named(frozen) or 'none'})"
        if c.given < c.trainable:
            detail += f"; {c.trainable - c.given} trainable tensors were never given to it (on purpose when fine-tuning)"
        out.append(Finding("training_state", "params_not_stepped", "yes" if none else "no", "a stateful optimizer with no state: never stepped",
                           "abnormal" if none else "ok", detail, read))
    ratios = TR.growth(matched)
    median = TR.median_growth(ratios)
    if median is not None:
        big = TR.grown(ratios)
        out.append(Finding("training_state", "weights_grown", "yes" if big else "no", f"median RMS >= {PT.WEIGHT_GROWTH:g} x a fresh build's", "abnormal" if big else "ok",
                           f"median weight RMS {median:.3g} x a fresh build's; largest {ratios[0][0]} {ratios[0][1]:.3g}x", read))
    return out


@register("model_setup", needs=NEEDS, facts=["num_classes", "depth", "uses_batchnorm"], precedence=MEASURED)
def model_setup(inputs: ProbeInputs) -> list[Finding]:
    """How the model, weights and loss were put together: the loss used (inferred or given), the weights' fit, the shape."""
    from torch import nn

    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import outputs as O

    from losshelp.probe.model.sampling import drawn

    ctx = model_context(inputs)
    how = "inferred from the targets (pass --loss to choose)" if ctx.objective.inferred else "as given"
    read = drawn(inputs.data).describe()
    out = [Finding("model_setup", None, ctx.objective.kind, "", "info", f"loss {ctx.objective.kind}, {how}; batches {read}; the model probes measure the kept ones",
                   {"batches": read})]
    if ctx.weights is not None:
        out.append(Finding("model_setup", None, "exact" if ctx.weights.exact else "partial", "strict load", _verdict(not ctx.weights.exact),
                           f"checkpoint weights: {ctx.weights.summary()}"))
    norms = [n for n, m in ctx.model.named_modules() if isinstance(m, (nn.modules.batchnorm._NormBase, nn.LayerNorm, nn.GroupNorm))]
    out.append(Finding("model_setup", "depth", float(ctx.depth), "", "info", "layers with a weight matrix or kernel, in forward order"))
    out.append(Finding("model_setup", "uses_batchnorm", _yn(bool(norms)), "", "info", f"{len(norms)} normalisation layers"))
    start = O.start_loss(ctx.model, ctx.batches[:1], ctx.objective, ctx.device)
    if start.num_classes:
        out.append(Finding("model_setup", "num_classes", float(start.num_classes), "", "info", "classes in the model's output"))
    return out


@register("start_loss", needs=NEEDS, facts=["loss_value", "loss_at_chance"])
def start_loss(inputs: ProbeInputs) -> list[Finding]:
    """The loss of the model as it is against chance level: ln C (uniform guess) down to the label prior's entropy."""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import outputs as O

    ctx = model_context(inputs)
    s = O.start_loss(ctx.model, ctx.batches, ctx.objective, ctx.device)
    out = [Finding("start_loss", "loss_value", s.loss, "", "info", f"mean loss over {len(ctx.batches)} batches")]
    if s.at_chance is not None:
        rule = f"{s.chance_prior * (1 - T.CHANCE_TOLERANCE):.3g} .. {s.chance_uniform * (1 + T.CHANCE_TOLERANCE):.3g}"
        out.append(Finding("start_loss", "loss_at_chance", _yn(s.at_chance), rule, _verdict(s.at_chance),
                           f"loss {s.loss:.4g} vs ln {s.num_classes} = {s.chance_uniform:.4g} and the label prior's entropy {s.chance_prior:.4g}"))
    return out


@register("target_broadcast", needs=NEEDS, facts=["target_broadcast"], precedence=MEASURED)
def target_broadcast(inputs: ProbeInputs) -> list[Finding]:
    """Output and target shapes as they reach an element-wise loss: (B, 1) against (B,) broadcasts to (B, B) under MSE."""
    import torch

    from losshelp.probe.model.context import model_context
    from losshelp.probe.model.objective import batch_to, broadcast_shape, call_model, output_tensor

    ctx = model_context(inputs)
    batch = batch_to(ctx.first, ctx.device)
    with torch.no_grad():
        out = output_tensor(call_model(ctx.model, batch, ctx.objective))
    if out is None or batch.targets is None or ctx.objective.kind not in ("mse", "bce"):
        return [Finding("target_broadcast", None, None, "", "info", f"not an element-wise loss on one output tensor (loss {ctx.objective.kind})")]
    shape = broadcast_shape(out, batch.targets)
    shapes = f"output {tuple(out.shape)}, targets {tuple(batch.targets.shape)}"
    read = {"loss": f"{ctx.objective.kind} ({'inferred' if ctx.objective.inferred else 'given'})", "batch": f"the first of {len(ctx.batches)}"}
    rule = "targets broadcast against the output to a larger shape"
    if ctx.objective.inferred or ctx.objective.kind == "bce":
        note = f"; nn.MSELoss on them as given would broadcast to {shape}" if shape and ctx.objective.kind == "mse" else ""
        return [Finding("target_broadcast", None, None, rule, "info", f"{shapes}: the loss matches them by shape{note}", read)]
    reason = f"{shapes}: MSELoss compares every output with every target, {shape}, instead of pairs" if shape else f"{shapes}: no broadcasting"
    return [Finding("target_broadcast", "target_broadcast", _yn(shape is not None), rule, _verdict(shape is not None), reason, read)]


@register("prediction_collapse", needs=NEEDS, facts=["prediction_collapse"], precedence=MEASURED)
def prediction_collapse(inputs: ProbeInputs) -> list[Finding]:
    """One class predicted for (almost) every input while the labels are mixed."""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import outputs as O

    ctx = model_context(inputs)
    c = O.prediction_collapse(ctx.model, ctx.batches, ctx.objective, ctx.device)
    if c is None:
        return [Finding("prediction_collapse", None, None, "", "info", "not a classifier: no classes to count")]
    return [Finding("prediction_collapse", "prediction_collapse", _yn(c.collapsed), f">= {T.COLLAPSE_SHARE:.0%} on one class", _verdict(c.collapsed),
                    f"{c.predicted_share:.0%} of inputs get the commonest predicted class; the commonest label holds {c.label_share:.0%}")]


@register("grad_norms", needs=NEEDS, facts=["grad_flow", "grad_ratio"], precedence=MEASURED)
def grad_norms(inputs: ProbeInputs) -> list[Finding]:
    """Weight-gradient norm per layer in forward order and the first/last ratio (AutoTrainer's test)."""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import gradients as G

    ctx = model_context(inputs)
    r = G.gradient_norms(ctx.model, ctx.first, ctx.objective, ctx.device)
    rule = f"ratio < {T.VANISHING_RATIO:g} vanishing, > {T.EXPLODING_RATIO:g} or norm > {T.EXPLODING_NORM:g} exploding"
    per_layer = ", ".join(f"{l.name} {l.grad_norm:.2g}" for l in r.layers[:6]) + (" ..." if len(r.layers) > 6 else "")
    used = {"batches": "1", "layers": f"{len(r.layers)} with a weight matrix, kernel or recurrent matrix; ratio over {r.compared}"}
    out = []
    if r.cut:
        names = ", ".join(r.cut[:4]) + (" ..." if len(r.cut) > 4 else "")
        out.append(Finding("grad_norms", None, float(len(r.cut)), "gradient exactly 0", "abnormal",
                           f"gradient cut, not vanishing: {names} get exactly zero gradient (dead or zeroed units after them pass nothing back)", used))
    if r.flow == "cut":
        return out
    ratio = r.first_last_ratio if math.isfinite(r.first_last_ratio) else 1e30
    return [*out, Finding("grad_norms", "grad_ratio", ratio, rule, "info", f"first/last gradient norm over {r.compared} layers: {per_layer}", used),
            Finding("grad_norms", "grad_flow", r.flow, rule, _verdict(r.flow != "healthy"), f"first/last {r.first_last_ratio:.3g}, total norm {r.total_norm:.3g}", used)]


@register("update_ratio", needs=NEEDS, facts=["update_ratio"], precedence=MEASURED)
def update_ratio(inputs: ProbeInputs) -> list[Finding]:
    """|update| / |weight| per layer for one step of the user's optimizer at the last lr the run used (CS231n: about 1e-3)."""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import gradients as G

    ctx = model_context(inputs)
    if ctx.optimizer is None:
        return _lr_unknown("update_ratio")
    if ctx.optimizer.name == "unknown":
        return [Finding("update_ratio", None, None, "", "info", "cannot judge: the optimizer's kind is unknown (not saved or not recognised): --set optimizer=...", ctx.optimizer_read)]
    if not ctx.optimizer.measurable:
        return [Finding("update_ratio", None, None, "", "info", f"cannot judge: the step of {ctx.optimizer.name} is not its lr times a gradient step, "
                        "and its saved state (which sets the step) does not fit the model or cannot be replayed", ctx.optimizer_read)]
    r = G.gradient_norms(ctx.model, ctx.first, ctx.objective, ctx.device, optimizer=ctx.optimizer)
    median = G.median_update_ratio(r)
    if median is None or not math.isfinite(median):
        return [Finding("update_ratio", None, None, "", "info", "no finite update measured", ctx.optimizer_read)]
    off = not T.UPDATE_RATIO_LOW <= median <= T.UPDATE_RATIO_HIGH
    how = "its saved state replayed" if ctx.optimizer.state is not None else "a fresh state"
    rule = f"{T.UPDATE_RATIO_LOW:g} .. {T.UPDATE_RATIO_HIGH:g} (healthy ~{T.UPDATE_RATIO_HEALTHY:g})"
    detail = f"median over {len(r.layers)} layers, one step of {ctx.optimizer.name or ctx.optimizer.kind} ({how}) at lr {ctx.optimizer.lr:g}"
    if median < T.UPDATE_RATIO_LOW and ctx.start_lr and ctx.optimizer.lr <= PT.LR_DECAY_RATIO * ctx.start_lr:
        # Small by design at the end of a schedule (a cosine ends at 0): the lr_vanished fact judges a schedule that went too far.
        return [Finding("update_ratio", None, median, rule, "info", f"{detail}: small because the schedule decayed the lr from {ctx.start_lr:g}", ctx.optimizer_read)]
    return [Finding("update_ratio", "update_ratio", median, rule, _verdict(off), detail, ctx.optimizer_read)]


@register("loss_rises_on_step", needs=NEEDS, facts=["loss_rises_on_step"], precedence=MEASURED)
def loss_rises_on_step(inputs: ProbeInputs) -> list[Finding]:
    """A few small steps of the user's optimizer on one batch must lower the loss; rising means a flipped sign."""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import gradients as G

    ctx = model_context(inputs)
    t = G.loss_trend_on_steps(ctx.model, ctx.first, ctx.objective, _stepper(ctx.optimizer), ctx.device, ctx.reference)
    detail = f"loss {t.before:.4g} -> {t.after:.4g} after {T.RISE_STEPS} steps"
    if t.reference_before is not None:
        detail += f"; {ctx.reference.kind} on the same targets {t.reference_before:.4g} -> {t.reference_after:.4g}"
    return [Finding("loss_rises_on_step", "loss_rises_on_step", _yn(t.rises), f"rise > {T.RISE_TOLERANCE:.0%}", _verdict(t.rises), detail, _stepped_with(ctx))]


def _recurrent_findings(probe: str, tensors) -> list[Finding]:
    """The recurrent_weights_large fact from named tensors (a model's parameters or a checkpoint's)."""
    from losshelp.probe.model.recurrent import recurrent_gains

    gains = recurrent_gains(tensors)
    if not gains:
        return [Finding(probe, None, None, "", "info", "no finite RNN, GRU or LSTM recurrent matrices")]
    worst = max(gains, key=lambda g: g.gain)
    large = worst.gain > T.RECURRENT_GAIN_LIMIT
    each = ", ".join(f"{g.name} {g.gain:.3g} ({g.scale_ratio:.3g}x default scale)" for g in gains[:4])
    return [Finding(probe, "recurrent_weights_large", _yn(large), f"largest gate block's spectral norm > {T.RECURRENT_GAIN_LIMIT:g}", _verdict(large),
                    f"{worst.name}: spectral norm {worst.gain:.3g} (PyTorch's default init ~1.15); {each}", {"layers": f"{len(gains)} recurrent matrices"})]


@register("recurrent_weights", needs=NEEDS, facts=["recurrent_weights_large"], precedence=MEASURED)
def recurrent_weights(inputs: ProbeInputs) -> list[Finding]:
    """RNN/GRU/LSTM recurrent matrices: a gate block whose spectral norm passes Pascanu et al.'s bound lets gradients explode through time."""
    from losshelp.probe.model.context import model_context

    return _recurrent_findings("recurrent_weights", dict(model_context(inputs).model.named_parameters()))


@register("checkpoint_recurrent_weights", needs=["checkpoint"], facts=["recurrent_weights_large"])
def checkpoint_recurrent_weights(inputs: ProbeInputs) -> list[Finding]:
    """The same gain read from a checkpoint alone (no model or data needed): its `*.weight_hh_l*` tensors."""
    return _recurrent_findings("checkpoint_recurrent_weights", inputs.checkpoint.tensors)


@register("activations", needs=NEEDS, facts=["dead_relu_fraction", "many_dead_relu", "saturated_fraction", "activations_saturated", "activation"], precedence=MEASURED)
def activations(inputs: ProbeInputs) -> list[Finding]:
    """Forward hooks: ReLU units dead on every input of a few batches, sigmoid/tanh outputs in their flat range, scale per layer."""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import activations as A

    ctx = model_context(inputs)
    r = A.activation_stats(ctx.model, ctx.batches[: T.ACTIVATION_BATCHES], ctx.objective, ctx.device)
    seen = min(len(ctx.batches), T.ACTIVATION_BATCHES)
    batches = {"batches": f"{seen} of {len(ctx.batches)}"}
    scales = ", ".join(f"{l.name} {l.scale:.2g}" for l in r.layers if l.kind in A.ACTIVATION_KINDS)[:200]
    out = [Finding("activations", None, None, "", "info", f"output std per activation layer: {scales or 'no activation layers'}", batches)]
    if r.activation:
        out.append(Finding("activations", "activation", r.activation, "", "info", "the commonest activation layer", batches))
    deadest = r.deadest
    if deadest is not None and r.dead_relu_fraction is not None:
        used = {**batches, "layers": f"{sum(l.dead_fraction is not None for l in r.layers)} ReLU layers"}
        per_layer = ", ".join(f"{l.label()} {l.dead_count}/{l.units}" for l in r.layers if l.dead_fraction is not None)[:300]
        dead = deadest.dead_fraction >= T.DEAD_RELU_FRACTION
        out += [Finding("activations", "dead_relu_fraction", deadest.dead_fraction, "", "info",
                        f"largest share of ReLU units that output 0 for every input of {seen} batches, in {deadest.label()}", used),
                Finding("activations", None, r.dead_relu_fraction, "", "info", f"dead ReLU units per layer: {per_layer}; {r.dead_relu_fraction:.0%} of all", used),
                Finding("activations", "many_dead_relu", _yn(dead), f">= {T.DEAD_RELU_FRACTION:.0%} of one layer's units dead", _verdict(dead),
                        f"{deadest.label()}: {deadest.dead_count} of {deadest.units} units dead ({r.dead_relu_fraction:.0%} of all ReLU units)", used)]
    if r.saturated_fraction is not None:
        sat = r.saturated_fraction >= T.SATURATED_FRACTION
        used = {**batches, "layers": f"{sum(l.saturated_fraction is not None for l in r.layers)} sigmoid/tanh layers"}
        out += [Finding("activations", "saturated_fraction", r.saturated_fraction, "", "info", "sigmoid/tanh outputs within 1 % of their limits", used),
                Finding("activations", "activations_saturated", _yn(sat), f">= {T.SATURATED_FRACTION:.0%}", _verdict(sat), f"{r.saturated_fraction:.0%} of outputs saturated", used)]
    if r.skipped:
        out.append(Finding("activations", None, None, "", "info", f"layer types not measured: {', '.join(r.skipped[:5])}"))
    return out


@register("grad_flow_check", needs=NEEDS, facts=["params_without_grad", "loss_matches_task"], precedence=MEASURED)
def grad_flow_check(inputs: ProbeInputs) -> list[Finding]:
    """Parameters outside the graph (frozen, detached, unused) and outputs squashed twice (softmax + cross-entropy)."""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model.gradflow import grad_flow, loss_fit

    ctx = model_context(inputs)
    flow = grad_flow(ctx.model, ctx.first, ctx.objective, ctx.device)
    names = ", ".join(flow.no_grad[:4]) or "none"
    used = {"batches": "1", "parameters": f"{flow.total}"}
    out = [Finding("grad_flow_check", "params_without_grad", _yn(flow.broken), "any trainable parameter without a gradient", _verdict(flow.broken),
                   f"no gradient: {names}; frozen: {len(flow.frozen)} of {flow.total}", used)]
    fit = loss_fit(ctx.model, ctx.first, ctx.objective, ctx.device)
    out.append(Finding("grad_flow_check", "loss_matches_task", _yn(fit.matches), "outputs suit the loss", _verdict(not fit.matches), fit.reason, {"batches": "1"}))
    return out


@register("data_stats", needs=["data"], facts=["batch_size", "inputs_normalized", "labels_balanced", "data_shuffled", "data_has_nan", "batches_repeat"], precedence=MEASURED)
def data_stats(inputs: ProbeInputs) -> list[Finding]:
    """The data drawn as a whole: feature scale, label balance, label runs across batches, duplicates, repeated batches, NaN."""
    from losshelp.probe.model import data_stats as D

    s = D.data_stats(inputs.data)
    drawn = s.drawn
    used = {"batches": drawn.describe()}
    out = [Finding("data_stats", "batch_size", float(s.batch_size), "", "info", f"{drawn.seen} batches read ({drawn.stopped}); {s.samples} samples in the {len(drawn)} kept", used),
           Finding("data_stats", "data_has_nan", _yn(s.has_nan), "any NaN/inf", _verdict(s.has_nan), f"inputs and targets of all {drawn.seen} batches read checked for NaN/inf", used)]
    if s.normalized is not None:
        out.append(Finding("data_stats", "inputs_normalized", _yn(s.normalized), f"|mean|, std <= {T.FEATURE_SCALE_LIMIT:g}; scales within {T.FEATURE_SPREAD_LIMIT:g}x",
                           _verdict(not s.normalized), f"largest |mean| {s.feature_mean:.3g}, largest std {s.feature_scale:.3g}, std spread {s.scale_spread:.3g}x", used))
    if s.balanced is not None:
        out.append(Finding("data_stats", "labels_balanced", _yn(s.balanced), f"largest/smallest class < {T.IMBALANCE_RATIO:g}", _verdict(not s.balanced),
                           f"class counts {dict(list(s.class_counts.items())[:10])}, ratio {s.imbalance:.3g}", used))
    elif s.balance_note:
        out.append(Finding("data_stats", None, s.imbalance, f"at most {T.IMBALANCE_MAX_CLASSES} classes, read whole when sorted", "info", f"class balance not judged: {s.balance_note}", used))
    if s.shuffled is not None:
        out.append(Finding("data_stats", "data_shuffled", _yn(s.shuffled), f"label runs < {T.RUN_LENGTH_RATIO:g}x shuffled", _verdict(not s.shuffled),
                           f"runs of equal labels over {drawn.seen} batches {s.run_ratio:.3g}x as long as in shuffled data", used))
    if s.duplicate_fraction is not None:
        many = s.duplicate_fraction > T.DUPLICATE_FRACTION or bool(s.conflicting_duplicates)
        out.append(Finding("data_stats", None, s.duplicate_fraction, f"> {T.DUPLICATE_FRACTION:.0%}, or any with another label", _verdict(many),
                           f"{s.duplicate_fraction:.1%} of samples repeat another exactly; {s.conflicting_duplicates} of them with another label (a wrong label)", used))
    restart = f"; they restart the data every {s.restart_period} batches, in the same order (an epoch ended)" if s.restart_period else ""
    out.append(Finding("data_stats", "batches_repeat", _yn(s.batches_repeat), f"> {T.BATCH_REPEAT_FRACTION:.0%} of batches, not an epoch restarting",
                       _verdict(s.batches_repeat), f"{s.repeat_fraction:.1%} of the {drawn.seen} batches read repeat an earlier batch exactly{restart}", used))
    return out


@register("overfit_one_batch", needs=NEEDS, facts=["overfit_one_batch"], precedence=MEASURED)
def overfit_one_batch(inputs: ProbeInputs) -> list[Finding]:
    """Can a fresh copy, trained by losshelp's own loop (Adam 1e-3), drive one batch's loss near zero? It tests the
    model and the loss, not the user's loop: that is what training_state reads from their checkpoint."""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import fitting as FT

    from losshelp.probe.model.budget import Budget

    ctx = model_context(inputs)
    r = FT.overfit_one_batch(ctx.model, ctx.first, ctx.objective, ctx.device, reference=ctx.reference, budget=Budget(T.OVERFIT_SECONDS))
    used = {"loop": "losshelp's (Adam 1e-3), not yours", "batch": f"the first of {len(ctx.batches)}",
            "steps": f"{r.steps} of {T.OVERFIT_STEPS}" + (f" (the {T.OVERFIT_SECONDS:g} s budget ran out)" if r.stopped_early else "")}
    if r.stopped_early and not r.passes:
        return [Finding("overfit_one_batch", None, None, "", "info",
                        f"loss {r.initial:.4g} -> {r.final:.4g} in {r.steps} of {T.OVERFIT_STEPS} Adam steps before the {T.OVERFIT_SECONDS:g} s budget ran out: "
                        "not judged, since the loss may only need the steps it did not get", used)]
    return [Finding("overfit_one_batch", "overfit_one_batch", "passes" if r.passes else "fails",
                    f"<= {T.OVERFIT_FRACTION:.0%} of the start (or {T.OVERFIT_FLOOR:g}) in {T.OVERFIT_STEPS} steps", _verdict(not r.passes),
                    f"loss {r.initial:.4g} -> {r.final:.4g} in {r.steps} Adam steps on one batch of {ctx.first.size}, by losshelp's own loop on a copy: "
                    + ("the model and loss can fit it; your own loop is not tested here" if r.passes else "even a clean loop cannot fit it: the model or the loss"),
                    used)]


@register("shallow_baseline", needs=NEEDS, facts=["shallow_model_better"], precedence=MEASURED)
def shallow_baseline(inputs: ProbeInputs) -> list[Finding]:
    """Source 003's test: does a shallow model reach a lower training loss than the user's under the same budget?"""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import fitting as FT

    ctx = model_context(inputs)
    r = FT.compare_shallow(ctx.model, ctx.batches, ctx.objective, _stepper(ctx.optimizer), ctx.device)
    if r is None:
        return [Finding("shallow_baseline", None, None, "", "info", "no smaller baseline fits this model (already shallow, or inputs not one float tensor)")]
    return [Finding("shallow_baseline", "shallow_model_better", _yn(r.shallow_better), f"shallow loss < {1 - T.SHALLOW_MARGIN:.0%} of yours",
                    _verdict(r.shallow_better), f"{r.baseline}: {r.shallow_loss:.4g} vs your model's {r.model_loss:.4g} after {T.SHALLOW_STEPS} steps",
                    {**_stepped_with(ctx), "baseline": f"{r.baseline}, Adam 1e-3"})]


@register("lr_range_test", needs=NEEDS, facts=["lr_range_test"], precedence=MEASURED)
def lr_range_test(inputs: ProbeInputs) -> list[Finding]:
    """Exponential lr sweep on a copy of the model as built (before training, as the test is meant), against the lr the run started from."""
    from dataclasses import replace

    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import lr_range as L
    from losshelp.probe.model.budget import Budget

    ctx = model_context(inputs)
    if ctx.optimizer is None:
        return _lr_unknown("lr_range_test")
    if not ctx.optimizer.rebuildable:
        return [Finding("lr_range_test", None, None, "", "info", f"cannot sweep {ctx.optimizer.name}: torch.optim cannot rebuild it for plain steps", ctx.optimizer_read)]
    start = ctx.start_lr if ctx.start_lr else ctx.optimizer.lr
    fresh = replace(ctx.optimizer, lr=start, state=None)
    r = L.lr_range_test(ctx.initial, ctx.batches, ctx.objective, fresh, ctx.device, budget=Budget(T.LR_RANGE_SECONDS))
    cut = f"; stopped early at lr {r.lrs[-1]:.2g}: the {T.LR_RANGE_SECONDS:g} s budget ran out" if r.stopped_early and r.lrs else ""
    used = {**ctx.optimizer_read, "lr": f"{start:.3g} (the lr the run started from)", "batches": f"{len(ctx.batches)}, cycled",
            "steps": f"{len(r.lrs)} of {r.planned} planned ({T.LR_STEPS} at most, fewer to fit {T.LR_RANGE_SECONDS:g} s)", "stopped early": _yn(r.stopped_early)}
    if r.verdict is None:
        return [Finding("lr_range_test", None, None, "", "info", f"the loss never fell over the sweep {T.LR_START:g} .. {T.LR_END:g}{cut}", used)]
    rule = f"yours > {T.TOO_HIGH_FACTOR:g}x suggested or past the loss minimum: too high; < suggested/{T.TOO_LOW_FACTOR:g}: too low"
    return [Finding("lr_range_test", "lr_range_test", r.verdict, rule, _verdict(r.verdict != "ok"),
                    f"lowest smoothed loss at lr {r.min_loss_lr:.2g}; steepest descent at {_lr(r.suggested_lr)}; yours {start:g}{cut}", used)]


@register("hessian", needs=NEEDS, facts=["critical_point", "minimum_ratio", "grad_near_zero"], precedence=MEASURED)
def hessian(inputs: ProbeInputs) -> list[Finding]:
    """Source 004: extreme Hessian eigenvalues (Lanczos), the minimum ratio (SLQ), the critical-point type, an escape step."""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import hessian as H
    from losshelp.probe.model.budget import Budget

    ctx = model_context(inputs)
    decay = ctx.optimizer.weight_decay if ctx.optimizer is not None else 0.0
    r = H.curvature(ctx.model, ctx.first, ctx.objective, ctx.device, gradient_batches=ctx.batches, weight_decay=decay, budget=Budget(T.HESSIAN_SECONDS))
    rule = f"|g|^2/(2|lambda|max) <= {T.CRITICAL_DECREASE:g} x loss: critical; lambda_min < -{T.NEGATIVE_CURVATURE:g} lambda_max: saddle"
    detail = f"lambda_min {r.smallest:.3g}, lambda_max {r.largest:.3g}, |mean gradient| {r.grad_norm:.3g}, {r.hvps} Hessian-vector products"
    if r.stopped_early:
        detail += f"; stopped early by the {T.HESSIAN_SECONDS:g} s budget (the eigenvalues found bound the extremes from inside)"
    used = {"batches": f"1 for the Hessian, {r.gradient_batches} of {len(ctx.batches)} for the gradient", "iterations": f"{r.lanczos_steps} Lanczos steps, {r.slq_samples} SLQ samples",
            "stopped early": _yn(r.stopped_early)}
    if r.escape is not None:
        detail += f"; a step of {abs(r.escape.step):g} along the negative-curvature eigenvector takes the loss {r.escape.loss_before:.4g} -> {r.escape.loss_after:.4g}"
    if decay:
        detail += f"; with the L2 term of weight decay {decay:g}"
    out = [Finding("hessian", "grad_near_zero", _yn(r.critical), rule, "info", f"|g| {r.grad_norm:.3g} at loss {r.loss:.4g}", used)]
    if r.kind is None:
        out.append(Finding("hessian", None, None, rule, "info", f"a flat critical region ({r.flat_share:.0%} of the spectrum near zero): neither a saddle nor a minimum; {detail}", used))
    else:
        out.append(Finding("hessian", "critical_point", r.kind, rule, _verdict(r.kind != "not_critical"), detail, used))
    if r.minimum_ratio is not None and r.slq_samples < T.SLQ_VECTORS and r.stopped_early:
        out.append(Finding("hessian", None, r.minimum_ratio, "", "info", f"share of positive eigenvalues from {r.slq_samples} of {T.SLQ_VECTORS} SLQ samples "
                           "(the budget left the others out): too noisy to state as the minimum ratio", used))
    elif r.minimum_ratio is not None:
        out.append(Finding("hessian", "minimum_ratio", r.minimum_ratio, "", "info", "share of positive eigenvalues (stochastic Lanczos quadrature)", used))
    return out
