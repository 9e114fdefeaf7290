"""Can the model fit one batch, and does a shallow baseline reach a lower loss (source 003's test)?"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from losshelp.probe.model.budget import Budget
from losshelp.probe.model.objective import Batch, Objective, batch_to, forward
from losshelp.probe.model.thresholds import OVERFIT_FLOOR, OVERFIT_FRACTION, OVERFIT_STEPS, SHALLOW_MARGIN, SHALLOW_STEPS, SHALLOW_WIDTH
from losshelp.probe.model.working import OptimizerSpec, forward_order, trainable, weighted_layers, working_copy

SAFE_OPTIMIZER = OptimizerSpec("adam", 1e-3)


class Reshape(nn.Module):
    """Gives the baseline's flat output the shape of the user's model's output (per sample)."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        super().__init__()
        self.shape = shape

    def forward(self, x: Tensor) -> Tensor:
        return x.reshape(x.shape[0], *self.shape)


@dataclass(frozen=True)
class OverfitResult:
    """Losses on one batch before and after the steps, and the verdict."""

    initial: float
    final: float
    steps: int
    passes: bool
    stopped_early: bool = False
    """The time budget ran out before the planned steps: a loss that has not fallen yet is not judged."""


@dataclass(frozen=True)
class ShallowComparison:
    """The user's model and the shallow baseline's training losses after the same number of steps."""

    model_loss: float
    shallow_loss: float
    baseline: str
    shallow_better: bool


def train_steps(model: nn.Module, batches: Sequence[Batch], objective: Objective, optimizer: OptimizerSpec, steps: int,
                budget: Budget | None = None) -> list[float]:
    """Train `model` in place for `steps` steps cycling over `batches` (already on the model's device); the losses.
    With a `budget`, stop after the step in hand once it is spent (at least one step is taken)."""
    opt = optimizer.build(trainable(model))
    losses: list[float] = []
    for batch in itertools.islice(itertools.cycle(batches), steps):
        if losses and budget is not None and budget.exhausted():
            break
        opt.zero_grad(set_to_none=True)
        loss, _ = forward(model, batch, objective)
        losses.append(loss.item())
        if not math.isfinite(losses[-1]):
            break
        loss.backward()
        opt.step()
    return losses


def mean_loss(model: nn.Module, batches: Sequence[Batch], objective: Objective) -> float:
    """Mean loss over the batches in eval mode, without gradients."""
    was_training = model.training
    model.eval()
    with torch.no_grad():
        value = sum(float(forward(model, b, objective)[0]) for b in batches) / len(batches)
    model.train(was_training)
    return value


def overfit_one_batch(model: nn.Module, batch: Batch, objective: Objective, device="cpu", steps: int = OVERFIT_STEPS,
                      optimizer: OptimizerSpec = SAFE_OPTIMIZER, reference: Objective | None = None,
                      budget: Budget | None = None) -> OverfitResult:
    """Train a copy on one batch with a safe optimizer; passing means the loss fell by 90 % (or below a floor).

    The loss judged is `reference` when given (the loss the targets call for, while training follows the
    user's own loss function): a flipped sign then shows as a loss that never falls.
    """
    clone = working_copy(model, device)
    batch = batch_to(batch, device)
    judged = reference or objective
    initial = mean_loss(clone, [batch], judged)
    losses = train_steps(clone, [batch], objective, optimizer, steps, budget)
    final = mean_loss(clone, [batch], judged)
    fell = final <= initial - (1 - OVERFIT_FRACTION) * abs(initial)  # 10 % of the start, for losses of either sign
    passes = math.isfinite(final) and (fell or 0 <= final <= OVERFIT_FLOOR)
    stopped = len(losses) < steps and all(math.isfinite(x) for x in losses)
    return OverfitResult(initial, final, len(losses), passes, stopped)


def output_head(out: Tensor, objective: Objective) -> list[nn.Module]:
    """What the baseline ends with so that the loss gets what it expects: log-probabilities for NLL;
    for the user's own loss, the squashing the user's model applies (log-softmax or softmax over
    classes, read off its outputs); raw outputs (logits) otherwise: cross-entropy, BCE with logits, MSE."""
    if objective.kind == "nll":
        return [nn.LogSoftmax(dim=1)]
    if objective.kind != "custom" or out.dim() < 2 or out.shape[1] < 2:
        return []
    logs = bool((out <= 0).all())
    probs = out.double().exp() if logs else out.double()
    if bool((probs >= 0).all()) and torch.allclose(probs.sum(dim=1), torch.ones_like(probs.sum(dim=1)), atol=1e-3):
        return [nn.LogSoftmax(dim=1) if logs else nn.Softmax(dim=1)]
    return []


def shallow_baseline(model: nn.Module, example: Batch, objective: Objective, depth: int) -> nn.Module | None:
    """A model that is easy to optimise and smaller than the user's: one hidden layer, or a linear map for a
    two-layer model; None when the user's model is itself that shallow or its inputs are not one tensor."""
    x = example.inputs
    if not isinstance(x, Tensor) or not x.is_floating_point() or depth < 2:
        return None
    with torch.no_grad():
        _, out = forward(model, example, objective)
    if out is None:
        return None
    n_in, n_out = x[0].numel(), out[0].numel()
    hidden = [nn.Linear(n_in, SHALLOW_WIDTH), nn.ReLU(), nn.Linear(SHALLOW_WIDTH, n_out)] if depth >= 3 else [nn.Linear(n_in, n_out)]
    baseline = nn.Sequential(nn.Flatten(), *hidden, Reshape(tuple(out.shape[1:])), *output_head(out, objective))
    size = sum(p.numel() for p in baseline.parameters())
    return baseline if depth >= 3 or size < sum(p.numel() for p in model.parameters()) else None


def compare_shallow(model: nn.Module, batches: Sequence[Batch], objective: Objective, optimizer: OptimizerSpec,
                    device="cpu", steps: int = SHALLOW_STEPS, seed: int = 0) -> ShallowComparison | None:
    """Train the user's model (their optimizer) and a shallow baseline (Adam 1e-3) for the same steps on the
    same batches; the user's loss is the lower of before and after. None when no smaller baseline fits."""
    clone = working_copy(model, device)
    batches = [batch_to(b, device) for b in batches]
    depth = len(weighted_layers(clone, forward_order(clone, batches[0], objective, device)))
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        baseline = shallow_baseline(clone, batches[0], objective, depth)
    if baseline is None:
        return None
    baseline = baseline.to(device)
    before = mean_loss(clone, batches, objective)
    train_steps(clone, batches, objective, optimizer, steps)
    model_loss = min(before, mean_loss(clone, batches, objective))
    train_steps(baseline, batches, objective, SAFE_OPTIMIZER, steps)
    shallow = mean_loss(baseline, batches, objective)
    model_loss = model_loss if math.isfinite(model_loss) else math.inf
    better = math.isfinite(shallow) and shallow < model_loss * (1 - SHALLOW_MARGIN)
    name = " -> ".join(type(m).__name__ for m in baseline if not isinstance(m, (nn.Flatten, Reshape)))
    return ShallowComparison(model_loss, shallow, name, better)
