"""Fault injectors: per canonical cause, one or more mechanisms, each with a severity in [0, 1].

An injector maps a healthy base (space.py) and a severity to the knobs it changes; `applies` says
which bases it can be injected into (softmax before cross-entropy needs a classifier, ...). Severity
0 is the mildest version still meant to show, 1 the strongest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Base = dict[str, Any]

NOT_SHOWABLE = {
    "local_minimum": "no injector makes a run settle in a poor minimum that is not also a saddle or an lr fault;"
    " a run cannot be labelled with it truthfully",
    "optimizer_choice": "a poor optimizer is poor only relative to another one; on a single run its"
    " measurements are those of a learning-rate fault, so the label would not be checkable",
}
"""Canonical causes that no generated run carries, and why."""


@dataclass(frozen=True)
class Injector:
    """One mechanism of one cause."""

    cause: str
    name: str
    inject: Callable[[Base, float], Base]
    applies: Callable[[Base], bool] = lambda base: True


def _between(low: float, high: float, severity: float) -> float:
    return float(f"{low + (high - low) * severity:.3g}")


def _geometric(low: float, high: float, severity: float) -> float:
    return float(f"{low * (high / low) ** severity:.3g}")


def _classifier(base: Base) -> bool:
    return base["task"] in ("multiclass", "sequence", "binary")


def _multiclass(base: Base) -> bool:
    return base["task"] in ("multiclass", "sequence")


def _float_inputs(base: Base) -> bool:
    return base["family"] != "transformer"


HIGH_LR = {"sgd": (1.0, 10.0), "momentum": (0.5, 5.0), "adam": (0.1, 1.0), "adamw": (0.1, 1.0), "rmsprop": (0.05, 0.5)}
"""Learning rates one to two orders of magnitude above the healthy ranges of space.LR."""


def _stepped(base: Base, severity: float) -> Base:
    return {"schedule": "step_early", "decay": _geometric(0.05, 0.002, severity)}


INJECTORS: tuple[Injector, ...] = (
    Injector("lr_too_high", "lr_far_above", lambda b, s: {"lr": _geometric(*HIGH_LR[b["optimizer"]], s), "schedule": "none"}),
    Injector("lr_too_low", "lr_divided", lambda b, s: {"lr": float(f"{b['lr'] / _geometric(300, 5000, s):.3g}"), "schedule": "none"}),
    Injector("lr_schedule", "decay_too_early", _stepped),
    Injector("lr_schedule", "warmup_never_ends", lambda b, s: {"schedule": "endless_warmup", "warmup_from": _geometric(0.02, 0.001, s)}),
    Injector("lr_schedule", "cyclic_restarts_too_high", lambda b, s: {"schedule": "restarts", "lr": float(f"{b['lr'] * _geometric(8, 30, s):.3g}")}),
    Injector("over_regularization", "weight_decay", lambda b,
             s: {"weight_decay": _geometric(0.3, 3.0, s), "optimizer": "momentum" if b["optimizer"] in ("sgd", "momentum") else "adam",
                                                                 "lr": b["lr"]}),
    Injector("over_regularization", "dropout", lambda b, s: {"dropout": _between(0.8, 0.95, s), "depth": max(b["depth"], 2)}, lambda b: b["family"] == "mlp"),
    Injector("bad_init", "constant", lambda b, s: {"init": "constant", "init_value": _between(0.05, 0.2, s), "bias": 0.0},
             lambda b: b["family"] in ("mlp", "cnn")),
    Injector("bad_init", "zeros", lambda b, s: {"init": "constant", "init_value": 0.0, "bias": 0.0}, lambda b: b["family"] in ("mlp", "cnn")),
    Injector("vanishing_gradient", "deep_sigmoid", lambda b, s: {"activation": "sigmoid", "depth": int(_between(8, 14, s)), "width": 32, "optimizer": "sgd",
                                                                 "lr": 0.05, "dropout": 0.0}, lambda b: b["family"] == "mlp"),
    Injector("vanishing_gradient", "saturated", lambda b, s: {"activation": "sigmoid", "init": "normal", "init_std": _between(2.5, 5.0, s), "depth": 3,
                                                              "optimizer": "sgd", "lr": 0.01, "dropout": 0.0}, lambda b: b["family"] == "mlp"),
    Injector("dead_relu", "negative_bias", lambda b, s: {"activation": "relu", "bias": -_between(2.0, 5.0, s), "depth": max(b["depth"], 2), "norm": "none"},
             lambda b: b["family"] in ("mlp", "cnn")),
    Injector("exploding_gradient", "large_init_nan", lambda b, s: {"activation": "relu", "init": "normal", "init_std": _between(0.4, 0.8, s), "depth": 8,
                                                                   "optimizer": "sgd", "lr": 0.01, "schedule": "none", "norm": "none", "dropout": 0.0},
             lambda b: b["family"] == "mlp"),
    Injector("exploding_gradient", "large_init_finite", lambda b, s: {"activation": "relu", "init_gain": _between(2.5, 3.5, s), "depth": 6, "optimizer": "sgd",
                                                                      "lr": 1e-4, "schedule": "none", "norm": "none", "dropout": 0.0},
             lambda b: b["family"] == "mlp"),
    Injector("exploding_gradient", "recurrent_gain", lambda b, s: {"init_gain": _between(4.0, 8.0, s), "optimizer": "sgd", "lr": 0.05, "schedule": "none"},
             lambda b: b["family"] == "rnn"),
    Injector("wrong_loss_function", "softmax_before_ce", lambda b, s: {"squash": "softmax"}, _multiclass),
    Injector("wrong_loss_function", "mse_on_class_ids", lambda b, s: {"loss": "mse", "outputs": 1, "targets_as_float": True, "label_smoothing": 0.0},
             _multiclass),
    Injector("wrong_loss_function", "bce_on_multiclass", lambda b, s: {"loss": "bce", "outputs": 1, "targets_as_float": True, "label_smoothing": 0.0},
             lambda b: _multiclass(b) and b["classes"] > 2),
    Injector("wrong_loss_function", "sigmoid_before_bce", lambda b, s: {"squash": "sigmoid"}, lambda b: b["task"] == "binary"),
    Injector("training_too_short", "few_epochs", lambda b, s: {"epochs": 2 if s < 0.5 else 1, "lr": float(f"{b['lr'] / 4:.3g}"), "schedule": "none"}),
    Injector("batch_size_too_large", "full_batch", lambda b, s: {"batch_size": b["n_train"], "epochs": int(_between(12, 6, s)), "schedule": "none"}),
    Injector("batch_size_too_small", "tiny_batch", lambda b, s: {"batch_size": 2 if s < 0.5 else 1, "n_train": 256, "epochs": 3, "schedule": "none",
                                                                 "lr": float(f"{b['lr'] * _geometric(2, 6, s):.3g}"),
                                                                 "norm": "layer" if b["norm"] == "batch" else b["norm"]},
             lambda b: b["family"] != "cnn" or b["norm"] != "batch"),
    Injector("data_not_shuffled", "sorted_by_label", lambda b, s: {"shuffle": False}, _classifier),
    Injector("noisy_labels", "symmetric", lambda b, s: {"label_noise": _between(0.2, 0.6, s)}, _classifier),
    Injector("noisy_labels", "asymmetric", lambda b, s: {"label_noise": _between(0.2, 0.45, s), "noise_asymmetric": True}, _classifier),
    Injector("class_imbalance", "one_class_dominates", lambda b, s: {"imbalance": _between(0.9, 0.98, s)}, _classifier),
    Injector("data_loading_bug", "labels_shuffled_apart", lambda b, s: {"misalign": "permute"}),
    Injector("data_loading_bug", "labels_off_by_one", lambda b, s: {"misalign": "roll"}),
    Injector("data_loading_bug", "same_batch_every_step", lambda b, s: {"same_batch": True}),
    Injector("data_loading_bug", "per_batch_normalisation", lambda b, s: {"per_batch_norm": True, "batch_size": 8 if s > 0.5 else 16}, _float_inputs),
    Injector("inputs_not_normalized", "raw_scales", lambda b,
             s: {"raw_scale": _geometric(100, 10000, s), "optimizer": "sgd" if b["optimizer"] in ("sgd", "momentum") else b["optimizer"]},
             lambda b: _float_inputs(b) and b["norm"] != "batch"),
    Injector("training_loop_bug", "no_zero_grad", lambda b, s: {"loop_bug": "no_zero_grad"}),
    Injector("training_loop_bug", "detached_features", lambda b, s: {"detach": True}),
    Injector("training_loop_bug", "step_before_backward", lambda b, s: {"loop_bug": "step_before_backward"}),
    Injector("training_loop_bug", "eval_mode_left_on", lambda b, s: {"loop_bug": "eval_mode", "dropout": max(b["dropout"], 0.3)},
             lambda b: b["family"] in ("mlp", "transformer")),
    Injector("training_loop_bug", "params_missing_from_optimizer", lambda b, s: {"loop_bug": "head_only"}),
    Injector("training_loop_bug", "scheduler_step_for_optimizer_step", lambda b, s: {"loop_bug": "scheduler_only", "schedule": "cosine"}),
    Injector("training_loop_bug", "loss_sign_flipped", lambda b, s: {"loop_bug": "flipped_sign", "epochs": 5}),
    Injector("overfitting", "tiny_train_set", lambda b,
             s: {"n_train": int(_between(96, 32, s)), "width": 128, "depth": max(b["depth"], 2), "epochs": 150, "dropout": 0.0,
                                                            "weight_decay": 0.0, "label_noise": 0.15 if _classifier(b) else 0.0, "schedule": "none"}),
    Injector("distribution_mismatch", "covariate_shift", lambda b, s: {"val_shift": _between(1.5, 3.0, s)}, _float_inputs),
    Injector("distribution_mismatch", "label_shift", lambda b, s: {"val_label_shift": _between(0.85, 0.98, s)}, _classifier),
    Injector("model_too_simple", "linear_on_nonlinear", lambda b, s: {"linear_only": True, "clusters": 2, "signal": 3.0},
             lambda b: b["family"] == "mlp" and b["dataset"] in ("blobs", "blobs_binary")),
    Injector("model_too_simple", "tiny_width", lambda b, s: {"width": 2 if s > 0.5 else 3, "depth": 1, "clusters": 2, "signal": 3.0, "dropout": 0.0},
             lambda b: b["family"] == "mlp" and b["dataset"] in ("blobs", "blobs_binary")),
    Injector("poor_features", "weak_signal", lambda b, s: {"signal": _between(0.15, 0.03, s)},
             lambda b: b["dataset"] in ("blobs", "blobs_binary", "images", "sequences", "regression", "sequences_regression", "tokens")),
    Injector("saddle_point", "tiny_init", lambda b, s: {"activation": "tanh", "init": "normal", "init_std": _geometric(1e-3, 1e-4, s), "depth": 3,
                                                        "optimizer": "sgd", "lr": 0.05, "schedule": "none", "bias": 0.0}, lambda b: b["family"] == "mlp"),
)

CAUSES: tuple[str, ...] = tuple(dict.fromkeys(i.cause for i in INJECTORS))
"""The causes a generated run can show, in catalogue order."""
