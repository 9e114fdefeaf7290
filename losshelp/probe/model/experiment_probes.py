"""The model probes that run short experiments under a time budget: overfitting one batch, a shallow
baseline, the learning-rate range test and the Hessian's curvature (overfit_one_batch, shallow_baseline,
lr_range_test, hessian).

The measurements (and torch) are imported inside each probe, so reading the registry stays light."""

from __future__ import annotations

from losshelp.probe.base import Finding, ProbeInputs
from losshelp.probe.model import thresholds
from losshelp.probe.model.findings import MEASURED, NEEDS, lr_text, lr_unknown, stepped_with, stepper, verdict_of, yes_no
from losshelp.probe.registry import register


@register("overfit_one_batch", needs=NEEDS, facts=["overfit_one_batch"], precedence=MEASURED)
def overfit_one_batch(inputs: ProbeInputs) -> list[Finding]:
    """Can a fresh copy, trained by losshelp's own loop (Adam 1e-3), drive one batch's loss near zero? It tests the
    model and the loss, not the user's loop: that is what training_state reads from their checkpoint."""
    from losshelp.probe.model import fitting
    from losshelp.probe.model.budget import Budget
    from losshelp.probe.model.context import model_context

    ctx = model_context(inputs)
    r = fitting.overfit_one_batch(ctx.model, ctx.first, ctx.objective, ctx.device, reference=ctx.reference, budget=Budget(thresholds.OVERFIT_SECONDS))
    used = {"loop": "losshelp's (Adam 1e-3), not yours", "batch": f"the first of {len(ctx.batches)}",
            "steps": f"{r.steps} of {thresholds.OVERFIT_STEPS}" + (f" (the {thresholds.OVERFIT_SECONDS:g} s budget ran out)" if r.stopped_early else "")}
    if r.stopped_early and not r.passes:
        return [Finding("overfit_one_batch", None, None, "", "info",
                        f"loss {r.initial:.4g} -> {r.final:.4g} in {r.steps} of {thresholds.OVERFIT_STEPS} Adam steps before the "
                        f"{thresholds.OVERFIT_SECONDS:g} s budget ran out: "
                        "not judged, since the loss may only need the steps it did not get", used)]
    return [Finding("overfit_one_batch", "overfit_one_batch", "passes" if r.passes else "fails",
                    f"<= {thresholds.OVERFIT_FRACTION:.0%} of the start (or {thresholds.OVERFIT_FLOOR:g}) in {thresholds.OVERFIT_STEPS} steps",
                    verdict_of(not r.passes),
                    f"loss {r.initial:.4g} -> {r.final:.4g} in {r.steps} Adam steps on one batch of {ctx.first.size}, by losshelp's own loop on a copy: "
                    + ("the model and loss can fit it; your own loop is not tested here" if r.passes
                       else "even a clean loop cannot fit it: the model or the loss"),
                    used)]


@register("shallow_baseline", needs=NEEDS, facts=["shallow_model_better"], precedence=MEASURED)
def shallow_baseline(inputs: ProbeInputs) -> list[Finding]:
    """Source 003's test: does a shallow model reach a lower training loss than the user's under the same budget?"""
    from losshelp.probe.model import fitting
    from losshelp.probe.model.context import model_context

    ctx = model_context(inputs)
    r = fitting.compare_shallow(ctx.model, ctx.batches, ctx.objective, stepper(ctx.optimizer), ctx.device)
    if r is None:
        return [Finding("shallow_baseline", None, None, "", "info", "no smaller baseline fits this model (already shallow, or inputs not one float tensor)")]
    return [Finding("shallow_baseline", "shallow_model_better", yes_no(r.shallow_better), f"shallow loss < {1 - thresholds.SHALLOW_MARGIN:.0%} of yours",
                    verdict_of(r.shallow_better),
                    f"{r.baseline}: {r.shallow_loss:.4g} vs your model's {r.model_loss:.4g} after {thresholds.SHALLOW_STEPS} steps",
                    {**stepped_with(ctx), "baseline": f"{r.baseline}, Adam 1e-3"})]


@register("lr_range_test", needs=NEEDS, facts=["lr_range_test"], precedence=MEASURED)
def lr_range_test(inputs: ProbeInputs) -> list[Finding]:
    """Exponential lr sweep on a copy of the model as built (before training, as the test is meant), against the lr the run started from."""
    from dataclasses import replace

    from losshelp.probe.model.budget import Budget
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model.lr_range import lr_range_test as sweep_lr_range

    ctx = model_context(inputs)
    if ctx.optimizer is None:
        return lr_unknown("lr_range_test")
    if not ctx.optimizer.rebuildable:
        return [Finding("lr_range_test", None, None, "", "info", f"cannot sweep {ctx.optimizer.name}: torch.optim cannot rebuild it for plain steps",
                        ctx.optimizer_read)]
    start = ctx.start_lr if ctx.start_lr else ctx.optimizer.lr
    fresh = replace(ctx.optimizer, lr=start, state=None)
    r = sweep_lr_range(ctx.initial, ctx.batches, ctx.objective, fresh, ctx.device, budget=Budget(thresholds.LR_RANGE_SECONDS))
    cut = f"; stopped early at lr {r.lrs[-1]:.2g}: the {thresholds.LR_RANGE_SECONDS:g} s budget ran out" if r.stopped_early and r.lrs else ""
    used = {**ctx.optimizer_read, "lr": f"{start:.3g} (the lr the run started from)", "batches": f"{len(ctx.batches)}, cycled",
            "steps": f"{len(r.lrs)} of {r.planned} planned ({thresholds.LR_STEPS} at most, fewer to fit {thresholds.LR_RANGE_SECONDS:g} s)",
            "stopped early": yes_no(r.stopped_early)}
    if r.verdict is None:
        return [Finding("lr_range_test", None, None, "", "info", f"the loss never fell over the sweep {thresholds.LR_START:g} .. {thresholds.LR_END:g}{cut}",
                        used)]
    rule = f"yours > {thresholds.TOO_HIGH_FACTOR:g}x suggested or past the loss minimum: too high; < suggested/{thresholds.TOO_LOW_FACTOR:g}: too low"
    return [Finding("lr_range_test", "lr_range_test", r.verdict, rule, verdict_of(r.verdict != "ok"),
                    f"lowest smoothed loss at lr {r.min_loss_lr:.2g}; steepest descent at {lr_text(r.suggested_lr)}; yours {start:g}{cut}", used)]


@register("hessian", needs=NEEDS, facts=["critical_point", "minimum_ratio", "grad_near_zero"], precedence=MEASURED)
def hessian(inputs: ProbeInputs) -> list[Finding]:
    """Source 004: extreme Hessian eigenvalues (Lanczos), the minimum ratio (SLQ), the critical-point type, an escape step."""
    from losshelp.probe.model.budget import Budget
    from losshelp.probe.model.context import model_context
    from losshelp.probe.model.hessian import curvature

    ctx = model_context(inputs)
    decay = ctx.optimizer.weight_decay if ctx.optimizer is not None else 0.0
    r = curvature(ctx.model, ctx.first, ctx.objective, ctx.device, gradient_batches=ctx.batches, weight_decay=decay, budget=Budget(thresholds.HESSIAN_SECONDS))
    rule = f"|g|^2/(2|lambda|max) <= {thresholds.CRITICAL_DECREASE:g} x loss: critical; lambda_min < -{thresholds.NEGATIVE_CURVATURE:g} lambda_max: saddle"
    detail = f"lambda_min {r.smallest:.3g}, lambda_max {r.largest:.3g}, |mean gradient| {r.grad_norm:.3g}, {r.hvps} Hessian-vector products"
    if r.stopped_early:
        detail += f"; stopped early by the {thresholds.HESSIAN_SECONDS:g} s budget (the eigenvalues found bound the extremes from inside)"
    used = {"batches": f"1 for the Hessian, {r.gradient_batches} of {len(ctx.batches)} for the gradient",
            "iterations": f"{r.lanczos_steps} Lanczos steps, {r.slq_samples} SLQ samples",
            "stopped early": yes_no(r.stopped_early)}
    if r.escape is not None:
        detail += (f"; a step of {abs(r.escape.step):g} along the negative-curvature eigenvector "
                   f"takes the loss {r.escape.loss_before:.4g} -> {r.escape.loss_after:.4g}")
    if decay:
        detail += f"; with the L2 term of weight decay {decay:g}"
    out = [Finding("hessian", "grad_near_zero", yes_no(r.critical), rule, "info", f"|g| {r.grad_norm:.3g} at loss {r.loss:.4g}", used)]
    if r.kind is None:
        out.append(Finding("hessian", None, None, rule, "info",
                           f"a flat critical region ({r.flat_share:.0%} of the spectrum near zero): neither a saddle nor a minimum; {detail}", used))
    else:
        out.append(Finding("hessian", "critical_point", r.kind, rule, verdict_of(r.kind != "not_critical"), detail, used))
    if r.minimum_ratio is not None and r.slq_samples < thresholds.SLQ_VECTORS and r.stopped_early:
        out.append(Finding("hessian", None, r.minimum_ratio, "", "info",
                           f"share of positive eigenvalues from {r.slq_samples} of {thresholds.SLQ_VECTORS} SLQ samples "
                           "(the budget left the others out): too noisy to state as the minimum ratio", used))
    elif r.minimum_ratio is not None:
        out.append(Finding("hessian", "minimum_ratio", r.minimum_ratio, "", "info", "share of positive eigenvalues (stochastic Lanczos quadrature)", used))
    return out
