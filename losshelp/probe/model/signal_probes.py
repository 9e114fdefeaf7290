"""The model probes on what a few batches show inside the network and in the data: gradients, update
sizes, the loss after a step, recurrent gains, activations, the gradient graph and the batches themselves
(grad_norms, update_ratio, loss_rises_on_step, recurrent_weights, checkpoint_recurrent_weights,
activations, grad_flow_check, data_stats).

The measurements (and torch) are imported inside each probe, so reading the registry stays light."""

from __future__ import annotations

import math

from losshelp.probe.base import Finding, ProbeInputs
from losshelp.probe.logs.thresholds import LR_DECAY_RATIO
from losshelp.probe.model.findings import MEASURED, NEEDS, lr_unknown, stepped_with, stepper, verdict_of, yes_no
from losshelp.probe.model.thresholds import (
    ACTIVATION_BATCHES,
    BATCH_REPEAT_FRACTION,
    DEAD_RELU_FRACTION,
    DUPLICATE_FRACTION,
    EXPLODING_NORM,
    EXPLODING_RATIO,
    FEATURE_SCALE_LIMIT,
    FEATURE_SPREAD_LIMIT,
    IMBALANCE_MAX_CLASSES,
    IMBALANCE_RATIO,
    RECURRENT_GAIN_LIMIT,
    RISE_STEPS,
    RISE_TOLERANCE,
    RUN_LENGTH_RATIO,
    SATURATED_FRACTION,
    UPDATE_RATIO_HEALTHY,
    UPDATE_RATIO_HIGH,
    UPDATE_RATIO_LOW,
    VANISHING_RATIO,
)
from losshelp.probe.registry import register


@register("grad_norms", needs=NEEDS, facts=["grad_flow", "grad_ratio"], precedence=MEASURED)
def grad_norms(inputs: ProbeInputs) -> list[Finding]:
    """Weight-gradient norm per layer in forward order and the first/last ratio (AutoTrainer's test)."""
    from losshelp.probe.model import gradients
    from losshelp.probe.model.context import model_context

    ctx = model_context(inputs)
    r = gradients.gradient_norms(ctx.model, ctx.first, ctx.objective, ctx.device)
    rule = f"ratio < {VANISHING_RATIO:g} vanishing, > {EXPLODING_RATIO:g} or norm > {EXPLODING_NORM:g} exploding"
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
            Finding("grad_norms", "grad_flow", r.flow, rule, verdict_of(r.flow != "healthy"),
                    f"first/last {r.first_last_ratio:.3g}, total norm {r.total_norm:.3g}", used)]


@register("update_ratio", needs=NEEDS, facts=["update_ratio"], precedence=MEASURED)
def update_ratio(inputs: ProbeInputs) -> list[Finding]:
    """|update| / |weight| per layer for one step of the user's optimizer at the last lr the run used (CS231n: about 1e-3)."""
    from losshelp.probe.model import gradients
    from losshelp.probe.model.context import model_context

    ctx = model_context(inputs)
    if ctx.optimizer is None:
        return lr_unknown("update_ratio")
    if ctx.optimizer.name == "unknown":
        return [Finding("update_ratio", None, None, "", "info",
                        "cannot judge: the optimizer's kind is unknown (not saved or not recognised): --set optimizer=...", ctx.optimizer_read)]
    if not ctx.optimizer.measurable:
        return [Finding("update_ratio", None, None, "", "info", f"cannot judge: the step of {ctx.optimizer.name} is not its lr times a gradient step, "
                        "and its saved state (which sets the step) does not fit the model or cannot be replayed", ctx.optimizer_read)]
    r = gradients.gradient_norms(ctx.model, ctx.first, ctx.objective, ctx.device, optimizer=ctx.optimizer)
    median = gradients.median_update_ratio(r)
    if median is None or not math.isfinite(median):
        return [Finding("update_ratio", None, None, "", "info", "no finite update measured", ctx.optimizer_read)]
    off = not UPDATE_RATIO_LOW <= median <= UPDATE_RATIO_HIGH
    how = "its saved state replayed" if ctx.optimizer.state is not None else "a fresh state"
    rule = f"{UPDATE_RATIO_LOW:g} .. {UPDATE_RATIO_HIGH:g} (healthy ~{UPDATE_RATIO_HEALTHY:g})"
    detail = f"median over {len(r.layers)} layers, one step of {ctx.optimizer.name or ctx.optimizer.kind} ({how}) at lr {ctx.optimizer.lr:g}"
    if median < UPDATE_RATIO_LOW and ctx.start_lr and ctx.optimizer.lr <= LR_DECAY_RATIO * ctx.start_lr:
        # Small by design at the end of a schedule (a cosine ends at 0): the lr_vanished fact judges a schedule that went too far.
        return [Finding("update_ratio", None, median, rule, "info", f"{detail}: small because the schedule decayed the lr from {ctx.start_lr:g}",
                        ctx.optimizer_read)]
    return [Finding("update_ratio", "update_ratio", median, rule, verdict_of(off), detail, ctx.optimizer_read)]


@register("loss_rises_on_step", needs=NEEDS, facts=["loss_rises_on_step"], precedence=MEASURED)
def loss_rises_on_step(inputs: ProbeInputs) -> list[Finding]:
    """A few small steps of the user's optimizer on one batch must lower the loss; rising means a flipped sign."""
    from losshelp.probe.model import gradients
    from losshelp.probe.model.context import model_context

    ctx = model_context(inputs)
    t = gradients.loss_trend_on_steps(ctx.model, ctx.first, ctx.objective, stepper(ctx.optimizer), ctx.device, ctx.reference)
    detail = f"loss {t.before:.4g} -> {t.after:.4g} after {RISE_STEPS} steps"
    if t.reference_before is not None:
        detail += f"; {ctx.reference.kind} on the same targets {t.reference_before:.4g} -> {t.reference_after:.4g}"
    return [Finding("loss_rises_on_step", "loss_rises_on_step", yes_no(t.rises), f"rise > {RISE_TOLERANCE:.0%}", verdict_of(t.rises), detail,
                    stepped_with(ctx))]


def _recurrent_findings(probe: str, tensors) -> list[Finding]:
    """The recurrent_weights_large fact from named tensors (a model's parameters or a checkpoint's)."""
    from losshelp.probe.model.recurrent import recurrent_gains

    gains = recurrent_gains(tensors)
    if not gains:
        return [Finding(probe, None, None, "", "info", "no finite RNN, GRU or LSTM recurrent matrices")]
    worst = max(gains, key=lambda g: g.gain)
    large = worst.gain > RECURRENT_GAIN_LIMIT
    each = ", ".join(f"{g.name} {g.gain:.3g} ({g.scale_ratio:.3g}x default scale)" for g in gains[:4])
    return [Finding(probe, "recurrent_weights_large", yes_no(large), f"largest gate block's spectral norm > {RECURRENT_GAIN_LIMIT:g}", verdict_of(large),
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


@register("activations", needs=NEEDS, facts=["dead_relu_fraction", "many_dead_relu", "saturated_fraction", "activations_saturated", "activation"],
          precedence=MEASURED)
def activations(inputs: ProbeInputs) -> list[Finding]:
    """Forward hooks: ReLU units dead on every input of a few batches, sigmoid/tanh outputs in their flat range, scale per layer."""
    from losshelp.probe.model.activations import ACTIVATION_KINDS, activation_stats
    from losshelp.probe.model.context import model_context

    ctx = model_context(inputs)
    r = activation_stats(ctx.model, ctx.batches[: ACTIVATION_BATCHES], ctx.objective, ctx.device)
    seen = min(len(ctx.batches), ACTIVATION_BATCHES)
    batches = {"batches": f"{seen} of {len(ctx.batches)}"}
    scales = ", ".join(f"{l.name} {l.scale:.2g}" for l in r.layers if l.kind in ACTIVATION_KINDS)[:200]
    out = [Finding("activations", None, None, "", "info", f"output std per activation layer: {scales or 'no activation layers'}", batches)]
    if r.activation:
        out.append(Finding("activations", "activation", r.activation, "", "info", "the commonest activation layer", batches))
    deadest = r.deadest
    if deadest is not None and r.dead_relu_fraction is not None:
        used = {**batches, "layers": f"{sum(l.dead_fraction is not None for l in r.layers)} ReLU layers"}
        per_layer = ", ".join(f"{l.label()} {l.dead_count}/{l.units}" for l in r.layers if l.dead_fraction is not None)[:300]
        dead = deadest.dead_fraction >= DEAD_RELU_FRACTION
        out += [Finding("activations", "dead_relu_fraction", deadest.dead_fraction, "", "info",
                        f"largest share of ReLU units that output 0 for every input of {seen} batches, in {deadest.label()}", used),
                Finding("activations", None, r.dead_relu_fraction, "", "info", f"dead ReLU units per layer: {per_layer}; {r.dead_relu_fraction:.0%} of all",
                        used),
                Finding("activations", "many_dead_relu", yes_no(dead), f">= {DEAD_RELU_FRACTION:.0%} of one layer's units dead", verdict_of(dead),
                        f"{deadest.label()}: {deadest.dead_count} of {deadest.units} units dead ({r.dead_relu_fraction:.0%} of all ReLU units)", used)]
    if r.saturated_fraction is not None:
        sat = r.saturated_fraction >= SATURATED_FRACTION
        used = {**batches, "layers": f"{sum(l.saturated_fraction is not None for l in r.layers)} sigmoid/tanh layers"}
        out += [Finding("activations", "saturated_fraction", r.saturated_fraction, "", "info", "sigmoid/tanh outputs within 1 % of their limits", used),
                Finding("activations", "activations_saturated", yes_no(sat), f">= {SATURATED_FRACTION:.0%}", verdict_of(sat),
                        f"{r.saturated_fraction:.0%} of outputs saturated", used)]
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
    out = [Finding("grad_flow_check", "params_without_grad", yes_no(flow.broken), "any trainable parameter without a gradient", verdict_of(flow.broken),
                   f"no gradient: {names}; frozen: {len(flow.frozen)} of {flow.total}", used)]
    fit = loss_fit(ctx.model, ctx.first, ctx.objective, ctx.device)
    out.append(Finding("grad_flow_check", "loss_matches_task", yes_no(fit.matches), "outputs suit the loss", verdict_of(not fit.matches), fit.reason,
                       {"batches": "1"}))
    return out


@register("data_stats", needs=["data"], facts=["batch_size", "inputs_normalized", "labels_balanced", "data_shuffled", "data_has_nan", "batches_repeat"],
          precedence=MEASURED)
def data_stats(inputs: ProbeInputs) -> list[Finding]:
    """The data drawn as a whole: feature scale, label balance, label runs across batches, duplicates, repeated batches, NaN."""
    from losshelp.probe.model import data_stats as data_measures

    s = data_measures.data_stats(inputs.data)
    drawn = s.drawn
    used = {"batches": drawn.describe()}
    out = [Finding("data_stats", "batch_size", float(s.batch_size), "", "info",
                   f"{drawn.seen} batches read ({drawn.stopped}); {s.samples} samples in the {len(drawn)} kept", used),
           Finding("data_stats", "data_has_nan", yes_no(s.has_nan), "any NaN/inf", verdict_of(s.has_nan),
                   f"inputs and targets of all {drawn.seen} batches read checked for NaN/inf", used)]
    if s.normalized is not None:
        out.append(Finding("data_stats", "inputs_normalized", yes_no(s.normalized),
                           f"|mean|, std <= {FEATURE_SCALE_LIMIT:g}; scales within {FEATURE_SPREAD_LIMIT:g}x",
                           verdict_of(not s.normalized),
                           f"largest |mean| {s.feature_mean:.3g}, largest std {s.feature_scale:.3g}, std spread {s.scale_spread:.3g}x", used))
    if s.balanced is not None:
        out.append(Finding("data_stats", "labels_balanced", yes_no(s.balanced), f"largest/smallest class < {IMBALANCE_RATIO:g}", verdict_of(not s.balanced),
                           f"class counts {dict(list(s.class_counts.items())[:10])}, ratio {s.imbalance:.3g}", used))
    elif s.balance_note:
        out.append(Finding("data_stats", None, s.imbalance, f"at most {IMBALANCE_MAX_CLASSES} classes, read whole when sorted", "info",
                           f"class balance not judged: {s.balance_note}", used))
    if s.shuffled is not None:
        out.append(Finding("data_stats", "data_shuffled", yes_no(s.shuffled), f"label runs < {RUN_LENGTH_RATIO:g}x shuffled", verdict_of(not s.shuffled),
                           f"runs of equal labels over {drawn.seen} batches {s.run_ratio:.3g}x as long as in shuffled data", used))
    if s.duplicate_fraction is not None:
        many = s.duplicate_fraction > DUPLICATE_FRACTION or bool(s.conflicting_duplicates)
        out.append(Finding("data_stats", None, s.duplicate_fraction, f"> {DUPLICATE_FRACTION:.0%}, or any with another label", verdict_of(many),
                           f"{s.duplicate_fraction:.1%} of samples repeat another exactly; {s.conflicting_duplicates} of them with another label (a wrong "
                           "label)", used))
    restart = f"; they restart the data every {s.restart_period} batches, in the same order (an epoch ended)" if s.restart_period else ""
    out.append(Finding("data_stats", "batches_repeat", yes_no(s.batches_repeat), f"> {BATCH_REPEAT_FRACTION:.0%} of batches, not an epoch restarting",
                       verdict_of(s.batches_repeat), f"{s.repeat_fraction:.1%} of the {drawn.seen} batches read repeat an earlier batch exactly{restart}",
                       used))
    return out
