"""The fault zoo: small scripted training runs, each with one injected fault (or none, for the controls).

`expected` is the canonical cause id a diagnosis should rank first (None for a healthy run); `model`
and `data` override the defaults below; `train` sets the optimizer, lr, weight decay and epochs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MODEL = {"inputs": 20, "hidden": [64, 64], "classes": 5, "activation": "relu", "seed": 0}
DATA = {"kind": "blobs", "inputs": 20, "classes": 5, "n_train": 2048, "seed": 0, "separation": 0.6}
TRAIN = {"optimizer": "adam", "lr": 1e-3, "weight_decay": 0.0, "epochs": 15}


@dataclass(frozen=True)
class Case:
    name: str
    expected: str | None
    what: str
    model: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    train: dict[str, Any] = field(default_factory=dict)
    flipped_loss: bool = False

    def model_config(self) -> dict[str, Any]:
        return {**MODEL, **self.model}

    def data_config(self) -> dict[str, Any]:
        return {**DATA, **self.data}

    def train_config(self) -> dict[str, Any]:
        return {**TRAIN, **self.train}


CASES: tuple[Case, ...] = (
    Case("healthy_mlp", None, "ReLU MLP, Adam 1e-3, standardised blobs"),
    Case("healthy_sgd", None, "ReLU MLP, SGD momentum 0.01, standardised blobs", train={"optimizer": "momentum", "lr": 0.01, "epochs": 10}),
    Case("healthy_cnn", None, "conv + BatchNorm on 8x8 inputs, Adam", model={"inputs": 64, "conv": True, "hidden": [32]}, data={"inputs": 64}),
    Case("healthy_tanh", None, "tanh MLP, Adam, 3 classes", model={"activation": "tanh", "classes": 3}, data={"classes": 3}),
    Case("lr_too_high", "lr_too_high", "SGD momentum at lr 0.5 (ten to a hundred times too large)", train={"optimizer": "momentum", "lr": 0.5}),
    Case("lr_too_low", "lr_too_low", "SGD at lr 1e-5", train={"optimizer": "sgd", "lr": 1e-5}),
    Case("over_regularization", "over_regularization", "weight decay 1.0 with SGD momentum", train={"optimizer": "momentum", "lr": 0.05, "weight_decay": 1.0}),
    Case("bad_init_constant", "bad_init", "every weight initialised to 0.05 (symmetric units)", model={"init": "constant", "bias": 0.0},
         train={"optimizer": "sgd", "lr": 0.05}),
    Case("vanishing_sigmoid", "vanishing_gradient", "12-layer sigmoid MLP, SGD", model={"hidden": [32] * 12, "activation": "sigmoid"},
         train={"optimizer": "sgd", "lr": 0.05}),
    Case("exploding_deep", "exploding_gradient", "8-layer ReLU MLP with N(0, 0.4) init, SGD 0.01: NaN in the first epoch",
         model={"hidden": [64] * 8, "init": "normal", "init_std": 0.4}, train={"optimizer": "sgd", "lr": 0.01}),
    Case("dead_relu", "dead_relu", "ReLU MLP with biases -3 (units off for every input)", model={"bias": -3.0, "hidden": [64, 64, 64]},
         train={"optimizer": "sgd", "lr": 0.01}),
    Case("saturated_sigmoid", "vanishing_gradient", "sigmoid MLP with N(0, 4) weights: outputs stuck at 0 or 1",
         model={"activation": "sigmoid", "init": "normal", "init_std": 4.0, "hidden": [64, 64, 64]}, train={"optimizer": "sgd", "lr": 0.01}),
    Case("not_normalized", "inputs_not_normalized", "features scaled from 1 to 1000 plus an offset, SGD", data={"scale": 1000.0},
         train={"optimizer": "sgd", "lr": 1e-4}),
    Case("not_shuffled", "data_not_shuffled", "batches sorted by label", data={"unshuffled": True}, train={"optimizer": "momentum", "lr": 0.05}),
    Case("noisy_labels", "noisy_labels", "60 % of labels replaced at random", model={"hidden": [32]}, data={"noise": 0.6, "n_train": 2048},
         train={"epochs": 10}),
    Case("class_imbalance", "class_imbalance", "97 % of samples in class 0, SGD", data={"imbalance": 0.97, "separation": 0.3},
         train={"optimizer": "sgd", "lr": 0.01}),
    Case("double_softmax", "wrong_loss_function", "softmax output fed to CrossEntropyLoss", model={"softmax": True}, train={"optimizer": "sgd", "lr": 0.05}),
    Case("flipped_sign", "training_loop_bug", "loss = -cross_entropy: the optimizer maximises it", flipped_loss=True, train={"epochs": 5}),
    Case("detached_graph", "training_loop_bug", "forward() detaches the body: only the head trains", model={"detach": True},
         data={"kind": "spiral", "classes": 3}),
    Case("model_too_simple", "model_too_simple", "a linear model on spirals", model={"hidden": []}, data={"kind": "spiral", "classes": 3}),
    Case("overfitting", "overfitting", "wide MLP on 64 noisy samples, 200 epochs", model={"hidden": [256, 256]}, data={"n_train": 64, "noise": 0.2},
         train={"epochs": 200}),
    Case("mismatch", "distribution_mismatch", "test data shifted by 3 in every feature", data={"test_shift": 3.0}),
    Case("saddle_tiny_init", "saddle_point", "4-layer tanh net with N(0, 1e-3) weights: stuck near the origin saddle",
         model={"activation": "tanh", "init": "normal", "init_std": 1e-3, "hidden": [32, 32, 32]}, train={"optimizer": "sgd", "lr": 0.05}),
)
