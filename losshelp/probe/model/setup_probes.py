"""The model probes on the model as the user built and saved it: its training state against a fresh
build, its layers, and its loss and predictions at the start (training_state, model_setup, start_loss,
target_broadcast, prediction_collapse).

The measurements (and torch) are imported inside each probe, so reading the registry stays light."""

from __future__ import annotations

from losshelp.probe.base import Finding, ProbeInputs
from losshelp.probe.checkpoint.thresholds import WEIGHT_GROWTH
from losshelp.probe.model.findings import MEASURED, NEEDS, fresh_model, keeps_state, named_list, verdict_of, yes_no
from losshelp.probe.model.thresholds import CHANCE_TOLERANCE, COLLAPSE_SHARE
from losshelp.probe.registry import register


@register("training_state", needs=["checkpoint", "model"], facts=["params_never_moved", "params_not_stepped", "weights_grown"], precedence=MEASURED)
def training_state(inputs: ProbeInputs) -> list[Finding]:
    """What the user's loop did: the checkpoint against a fresh build of the model and the saved optimizer state."""
    from losshelp.probe.checkpoint import trained
    from losshelp.probe.checkpoint.unwrap import strip_wrappers

    fresh = fresh_model(inputs)
    named = list(fresh.named_parameters())
    matched = trained.pairs(named, strip_wrappers(inputs.checkpoint.tensors))
    if len(matched) < max(1, len(named) // 2):
        return [Finding("training_state", None, None, "", "info",
                        f"only {len(matched)} of {len(named)} parameters match the checkpoint by name and shape: nothing to compare")]
    trainable = [p for p in matched if p.trainable]
    frozen = [p.name for p in matched if not p.trainable]
    optimizer = inputs.checkpoint.optimizer
    read = {"compared": f"{len(matched)} parameters with a fresh build of --model", "optimizer": "saved" if optimizer else "not saved"}
    out = []
    unmoved = trained.never_moved(matched)
    held = trained.held_names(optimizer, [n for n, _ in named]) if optimizer else None
    stepped_unmoved = [n for n in unmoved if held and held.get(n)]
    everything = bool(trainable) and len(unmoved) == len(trainable)
    rule = "trainable tensors equal to a fresh build: all of them, or any the optimizer has stepped"
    if stepped_unmoved or everything:
        why = (f"{len(stepped_unmoved)} tensors the optimizer holds state for are still exactly as built: {named_list(stepped_unmoved)} "
               "(the weights saved are not the ones it optimised)"
               if stepped_unmoved else f"all {len(trainable)} trainable tensors are still exactly as built")
        out.append(Finding("training_state", "params_never_moved", "yes", rule, "abnormal", why, read))
    elif unmoved:  # frozen on purpose (fine-tuning) or cut from the graph: grad_flow_check tells them apart with data
        out.append(Finding("training_state", None, None, rule, "info",
                           f"{len(trainable) - len(unmoved)} of {len(trainable)} trainable tensors moved from a fresh build; "
                           f"unchanged, and never stepped by the optimizer: {named_list(unmoved)} "
                           "(frozen on purpose when fine-tuning, else cut from the graph)", read))
    else:
        out.append(Finding("training_state", "params_never_moved", "no", rule, "ok", f"all {len(trainable)} trainable tensors moved from a fresh build", read))
    if not trainable:
        out.append(Finding("training_state", "params_not_stepped", "yes", "every parameter frozen", "abnormal",
                           f"all {len(frozen)} parameters have requires_grad=False: nothing can train (a loss forced to require grad hides it)", read))
    elif optimizer is not None and keeps_state(optimizer):
        c = trained.coverage(optimizer, len(trainable), len(frozen))
        none = c.given > 0 and c.with_state == 0
        detail = (f"the optimizer holds {c.given} tensors, {c.with_state} with state; "
                  f"the model has {c.trainable} trainable, {c.frozen} frozen ({named_list(frozen) or 'none'})")
        if c.given < c.trainable:
            detail += f"; {c.trainable - c.given} trainable tensors were never given to it (on purpose when fine-tuning)"
        out.append(Finding("training_state", "params_not_stepped", "yes" if none else "no", "a stateful optimizer with no state: never stepped",
                           "abnormal" if none else "ok", detail, read))
    ratios = trained.growth(matched)
    median = trained.median_growth(ratios)
    if median is not None:
        big = trained.grown(ratios)
        out.append(Finding("training_state", "weights_grown", "yes" if big else "no", f"median RMS >= {WEIGHT_GROWTH:g} x a fresh build's",
                           "abnormal" if big else "ok",
                           f"median weight RMS {median:.3g} x a fresh build's; largest {ratios[0][0]} {ratios[0][1]:.3g}x", read))
    return out


@register("model_setup", needs=NEEDS, facts=["num_classes", "depth", "uses_batchnorm"], precedence=MEASURED)
def model_setup(inputs: ProbeInputs) -> list[Finding]:
    """How the model, weights and loss were put together: the loss used (inferred or given), the weights' fit, the shape."""
    from torch import nn

    from losshelp.probe.model import outputs
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model.sampling import drawn

    ctx = model_context(inputs)
    how = "inferred from the targets (pass --loss to choose)" if ctx.objective.inferred else "as given"
    read = drawn(inputs.data).describe()
    out = [Finding("model_setup", None, ctx.objective.kind, "", "info",
                   f"loss {ctx.objective.kind}, {how}; batches {read}; the model probes measure the kept ones",
                   {"batches": read})]
    if ctx.weights is not None:
        out.append(Finding("model_setup", None, "exact" if ctx.weights.exact else "partial", "strict load", verdict_of(not ctx.weights.exact),
                           f"checkpoint weights: {ctx.weights.summary()}"))
    norms = [n for n, m in ctx.model.named_modules() if isinstance(m, (nn.modules.batchnorm._NormBase, nn.LayerNorm, nn.GroupNorm))]
    out.append(Finding("model_setup", "depth", float(ctx.depth), "", "info", "layers with a weight matrix or kernel, in forward order"))
    out.append(Finding("model_setup", "uses_batchnorm", yes_no(bool(norms)), "", "info", f"{len(norms)} normalisation layers"))
    start = outputs.start_loss(ctx.model, ctx.batches[:1], ctx.objective, ctx.device)
    if start.num_classes:
        out.append(Finding("model_setup", "num_classes", float(start.num_classes), "", "info", "classes in the model's output"))
    return out


@register("start_loss", needs=NEEDS, facts=["loss_value", "loss_at_chance"])
def start_loss(inputs: ProbeInputs) -> list[Finding]:
    """The loss of the model as it is against chance level: ln C (uniform guess) down to the label prior's entropy."""
    from losshelp.probe.model import outputs
    from losshelp.probe.model.context import model_context

    ctx = model_context(inputs)
    s = outputs.start_loss(ctx.model, ctx.batches, ctx.objective, ctx.device)
    out = [Finding("start_loss", "loss_value", s.loss, "", "info", f"mean loss over {len(ctx.batches)} batches")]
    if s.at_chance is not None:
        rule = f"{s.chance_prior * (1 - CHANCE_TOLERANCE):.3g} .. {s.chance_uniform * (1 + CHANCE_TOLERANCE):.3g}"
        out.append(Finding("start_loss", "loss_at_chance", yes_no(s.at_chance), rule, verdict_of(s.at_chance),
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
    return [Finding("target_broadcast", "target_broadcast", yes_no(shape is not None), rule, verdict_of(shape is not None), reason, read)]


@register("prediction_collapse", needs=NEEDS, facts=["prediction_collapse"], precedence=MEASURED)
def prediction_collapse(inputs: ProbeInputs) -> list[Finding]:
    """One class predicted for (almost) every input while the labels are mixed."""
    from losshelp.probe.model import outputs
    from losshelp.probe.model.context import model_context

    ctx = model_context(inputs)
    c = outputs.prediction_collapse(ctx.model, ctx.batches, ctx.objective, ctx.device)
    if c is None:
        return [Finding("prediction_collapse", None, None, "", "info", "not a classifier: no classes to count")]
    return [Finding("prediction_collapse", "prediction_collapse", yes_no(c.collapsed), f">= {COLLAPSE_SHARE:.0%} on one class", verdict_of(c.collapsed),
                    f"{c.predicted_share:.0%} of inputs get the commonest predicted class; the commonest label holds {c.label_share:.0%}")]
