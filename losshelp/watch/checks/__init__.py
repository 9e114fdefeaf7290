"""The live checks, one per module (Cockpit's one-quantity-per-file shape), and their registry."""

from __future__ import annotations

from losshelp.watch.checks.amp_skipping import AmpSkipping
from losshelp.watch.checks.base import Check, Fire
from losshelp.watch.checks.bn_batch_of_one import BnBatchOfOne
from losshelp.watch.checks.constant_labels import ConstantLabels
from losshelp.watch.checks.eval_mode import EvalMode
from losshelp.watch.checks.grad_explode import GradExplode
from losshelp.watch.checks.grad_vanish import GradVanish
from losshelp.watch.checks.grads_accumulate import GradsAccumulate
from losshelp.watch.checks.lr_collapse import LrCollapse
from losshelp.watch.checks.nonfinite_grad import NonfiniteGrad
from losshelp.watch.checks.nonfinite_loss import NonfiniteLoss
from losshelp.watch.checks.nonfinite_weight import NonfiniteWeight
from losshelp.watch.checks.param_never_grad import ParamNeverGrad
from losshelp.watch.checks.param_not_optimized import ParamNotOptimized
from losshelp.watch.checks.replica_drift import ReplicaDrift
from losshelp.watch.checks.same_batch import SameBatch
from losshelp.watch.checks.step_without_grad import StepWithoutGrad
from losshelp.watch.checks.update_ratio import UpdateRatio

ALL_CHECKS: tuple[type[Check], ...] = (
    GradsAccumulate, ParamNotOptimized, ParamNeverGrad, EvalMode, StepWithoutGrad, SameBatch,
    ConstantLabels, LrCollapse, NonfiniteLoss, NonfiniteGrad, NonfiniteWeight, GradExplode,
    GradVanish, UpdateRatio, BnBatchOfOne, AmpSkipping, ReplicaDrift,
)

__all__ = ["ALL_CHECKS", "Check", "Fire"]
