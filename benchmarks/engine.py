"""Engine speed: time to build each backend from the KB, and per diagnosis of a full answer set.

    python -m benchmarks.engine   (from the repository root; target: < 50 ms per diagnosis)
"""

from __future__ import annotations

import statistics
import time

from losshelp.engine.backend import durable_available
from losshelp.engine.questions import next_question
from losshelp.engine.reasoner import Engine
from losshelp.kb import load_kb

RUNS = 200

FULL_ANSWERS = {
    "train_loss": "flat", "val_loss": "flat", "test_loss": "flat", "curve_shape": "drop_then_plateau", "stage": "later",
    "train_loss_level": "high", "loss_at_chance": "no", "val_gap_large": "no", "loss_spikes": "yes", "loss_value": 1.2,
    "optimizer": "adam", "lr": 0.01, "weight_decay": 0.05, "dropout": 0.5, "batch_size": 2048.0, "epochs": 40.0,
    "num_classes": 10.0, "depth": 12.0, "activation": "tanh", "init": "normal_small", "uses_batchnorm": "no",
    "loss_matches_task": "yes", "lr_decay": "no", "uses_warmup": "no", "data_shuffled": "yes", "inputs_normalized": "no",
    "labels_balanced": "yes", "labels_noisy": "no", "data_has_nan": "no", "features_informative": "yes",
    "small_dataset": "no", "test_data_differs": "no", "more_data_helped": "no", "shallow_model_better": "yes",
    "bigger_model_helped": "no", "overfit_one_batch": "fails", "grad_flow": "vanishing", "grad_ratio": 0.0005,
    "grad_near_zero": "yes", "update_ratio": 0.0002, "dead_relu_fraction": 0.05, "many_dead_relu": "no",
    "saturated_fraction": 0.6, "activations_saturated": "yes", "weights_nonfinite": "no", "weight_scale": "too_small",
    "symmetric_units": "no", "near_zero_layers": "no", "lr_range_test": "ok", "critical_point": "saddle_point",
    "minimum_ratio": 0.7, "prediction_collapse": "no", "loss_rises_on_step": "no", "params_without_grad": "no",
}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> None:
    start = time.perf_counter()
    kb = load_kb()
    print(f"load KB: {_ms(time.perf_counter() - start)} ({len(kb.rules)} rules, {len(kb.symptoms)} symptoms, {len(kb.causes)} causes)")
    backends = ["python"] + (["durable-rules"] if durable_available() else [])
    for name in backends:
        start = time.perf_counter()
        engine = Engine(kb, name)
        built = time.perf_counter() - start
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            engine.diagnose(FULL_ANSWERS)
            times.append(time.perf_counter() - start)
        print(
            f"{name:14} build {_ms(built)}; diagnose a full answer set ({len(FULL_ANSWERS)} facts): "
            f"median {_ms(statistics.median(times))}, max {_ms(max(times))} over {RUNS} runs"
        )
    engine = Engine(kb, "python")
    start = time.perf_counter()
    next_question(engine, {})
    print(f"next question (first, uncached, {sum(s.askable for s in kb.symptoms.values())} askable symptoms): {_ms(time.perf_counter() - start)}")


if __name__ == "__main__":
    main()
