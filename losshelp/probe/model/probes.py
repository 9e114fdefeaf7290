"""The model probes: each runs one measurement of `losshelp.probe.model` on the user's model and
batches and turns its numbers into facts (findings with the threshold they were judged against).

The measurements (and torch) are imported inside each probe, so reading the registry stays light."""

from __future__ import annotations

import math

from losshelp.probe.base import Finding, ProbeInputs
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


def _lr_unknown(name: str) -> list[Finding]:
    return [Finding(name, None, None, "", "info", "the learning rate is unknown: save the optimizer in the checkpoint or --set lr=...")]


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
    """|update| / |weight| per layer for one step of the user's optimizer at the user's lr (CS231n: about 1e-3)."""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import gradients as G

    ctx = model_context(inputs)
    if ctx.optimizer is None:
        return _lr_unknown("update_ratio")
    r = G.gradient_norms(ctx.model, ctx.first, ctx.objective, ctx.device, optimizer=ctx.optimizer)
    median = G.median_update_ratio(r)
    if median is None or not math.isfinite(median):
        return [Finding("update_ratio", None, None, "", "info", "no finite update measured")]
    off = not T.UPDATE_RATIO_LOW <= median <= T.UPDATE_RATIO_HIGH
    return [Finding("update_ratio", "update_ratio", median, f"{T.UPDATE_RATIO_LOW:g} .. {T.UPDATE_RATIO_HIGH:g} (healthy ~{T.UPDATE_RATIO_HEALTHY:g})",
                    _verdict(off), f"median over {len(r.layers)} layers, {ctx.optimizer.kind} at lr {ctx.optimizer.lr:g}")]


@register("loss_rises_on_step", needs=NEEDS, facts=["loss_rises_on_step"], precedence=MEASURED)
def loss_rises_on_step(inputs: ProbeInputs) -> list[Finding]:
    """A few small steps of the user's optimizer on one batch must lower the loss; rising means a flipped sign."""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import fitting as FT
    from losshelp.probe.model import gradients as G

    ctx = model_context(inputs)
    t = G.loss_trend_on_steps(ctx.model, ctx.first, ctx.objective, ctx.optimizer or FT.SAFE_OPTIMIZER, ctx.device, ctx.reference)
    detail = f"loss {t.before:.4g} -> {t.after:.4g} after {T.RISE_STEPS} steps"
    if t.reference_before is not None:
        detail += f"; {ctx.reference.kind} on the same targets {t.reference_before:.4g} -> {t.reference_after:.4g}"
    return [Finding("loss_rises_on_step", "loss_rises_on_step", _yn(t.rises), f"rise > {T.RISE_TOLERANCE:.0%}", _verdict(t.rises), detail)]


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
    """Can a copy drive one batch's loss near zero with Adam 1e-3? If not: a bug, or too little capacity."""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import fitting as FT

    ctx = model_context(inputs)
    r = FT.overfit_one_batch(ctx.model, ctx.first, ctx.objective, ctx.device, reference=ctx.reference)
    return [Finding("overfit_one_batch", "overfit_one_batch", "passes" if r.passes else "fails",
                    f"<= {T.OVERFIT_FRACTION:.0%} of the start (or {T.OVERFIT_FLOOR:g}) in {T.OVERFIT_STEPS} steps", _verdict(not r.passes),
                    f"loss {r.initial:.4g} -> {r.final:.4g} in {r.steps} Adam steps on one batch of {ctx.first.size}")]


@register("shallow_baseline", needs=NEEDS, facts=["shallow_model_better"], precedence=MEASURED)
def shallow_baseline(inputs: ProbeInputs) -> list[Finding]:
    """Source 003's test: does a shallow model reach a lower training loss than the user's under the same budget?"""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import fitting as FT

    ctx = model_context(inputs)
    r = FT.compare_shallow(ctx.model, ctx.batches, ctx.objective, ctx.optimizer or FT.SAFE_OPTIMIZER, ctx.device)
    if r is None:
        return [Finding("shallow_baseline", None, None, "", "info", "no smaller baseline fits this model (already shallow, or inputs not one float tensor)")]
    return [Finding("shallow_baseline", "shallow_model_better", _yn(r.shallow_better), f"shallow loss < {1 - T.SHALLOW_MARGIN:.0%} of yours",
                    _verdict(r.shallow_better), f"{r.baseline}: {r.shallow_loss:.4g} vs your model's {r.model_loss:.4g} after {T.SHALLOW_STEPS} steps")]


@register("lr_range_test", needs=NEEDS, facts=["lr_range_test"], precedence=MEASURED)
def lr_range_test(inputs: ProbeInputs) -> list[Finding]:
    """Exponential lr sweep on a copy of the model as built (before training, as the test is meant), against the user's lr."""
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model import lr_range as L
    from losshelp.probe.model.budget import Budget

    ctx = model_context(inputs)
    if ctx.optimizer is None:
        return _lr_unknown("lr_range_test")
    r = L.lr_range_test(ctx.initial, ctx.batches, ctx.objective, ctx.optimizer, ctx.device, budget=Budget(T.LR_RANGE_SECONDS))
    cut = f"; stopped early at lr {r.lrs[-1]:.2g}: the {T.LR_RANGE_SECONDS:g} s budget ran out" if r.stopped_early and r.lrs else ""
    used = {"batches": f"{len(ctx.batches)}, cycled", "steps": f"{len(r.lrs)} of {r.planned} planned ({T.LR_STEPS} at most, fewer to fit {T.LR_RANGE_SECONDS:g} s)",
            "stopped early": _yn(r.stopped_early)}
    if r.verdict is None:
        return [Finding("lr_range_test", None, None, "", "info", f"the loss never fell over the sweep {T.LR_START:g} .. {T.LR_END:g}{cut}", used)]
    rule = f"yours > {T.TOO_HIGH_FACTOR:g}x suggested or past the loss minimum: too high; < suggested/{T.TOO_LOW_FACTOR:g}: too low"
    return [Finding("lr_range_test", "lr_range_test", r.verdict, rule, _verdict(r.verdict != "ok"),
                    f"lowest smoothed loss at lr {r.min_loss_lr:.2g}; steepest descent at {_lr(r.suggested_lr)}; yours {ctx.optimizer.lr:g}{cut}", used)]


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
