"""Time a whole model-probe run on one CPU core: a ~1M-parameter MLP and a ~1M-parameter LSTM language
model (embedding + LSTM + decoder, PyTorch's word-language-model shape), 8 batches each.

    python -m benchmarks.probe_time [--threads 1] [--out benchmarks/results/probe_time.txt]

Draws the batches and runs every probe that needs a model or data, as `losshelp probe` does, and
prints the wall and CPU seconds per probe (one thread: on a busy machine the CPU seconds are what an
idle core would take), the slowest probe and its share of the run, the Hessian's Lanczos steps and
whether the time budgets stopped it or the LR range test early (target: the whole run within 10 s).
The budgets run on wall time, so a busy machine stops them earlier than an idle one would.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import torch
from torch import nn

from losshelp.probe import ProbeInputs, run_probes, select
from losshelp.probe.model import thresholds
from losshelp.probe.model.sampling import draw

TARGET_SECONDS = 10.0


class WordLM(nn.Module):
    """Embedding 128 + LSTM 256 + decoder over 1500 words: 0.97M parameters; logits flattened (B*T, V)."""

    def __init__(self, vocab: int = 1500) -> None:
        super().__init__()
        self.embed, self.lstm, self.decoder = nn.Embedding(vocab, 128), nn.LSTM(128, 256, batch_first=True), nn.Linear(256, vocab)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        out, _ = self.lstm(self.embed(tokens))
        return self.decoder(out).reshape(-1, self.decoder.out_features)


def cases() -> dict[str, tuple[nn.Module, list]]:
    torch.manual_seed(0)
    mlp = nn.Sequential(nn.Flatten(), nn.Linear(784, 768), nn.ReLU(), nn.Linear(768, 512), nn.ReLU(), nn.Linear(512, 10))
    images = [(torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))) for _ in range(8)]
    text = torch.randint(0, 1500, (8, 20, 36))
    tokens = [(t[:, :-1], t[:, 1:].reshape(-1)) for t in text]
    return {"mlp": (mlp, images), "lstm_lm": (WordLM(), tokens)}


def finding(findings, probe: str, key: str) -> str:
    return next((f.inputs[key] for f in findings if f.probe == probe and key in f.inputs), "-")


def run_case(name: str, model: nn.Module, batches: list) -> list[str]:
    """Draw the batches as `losshelp probe --data` does, then run each probe, timing wall and CPU seconds
    (on a busy machine the CPU seconds of one thread are what an idle core would take)."""
    probes = [p for p in select() if "model" in p.needs or p.needs == frozenset({"data"})]
    wall, cpu = time.perf_counter(), time.process_time()
    data = draw(iter(batches))
    timings = {"draw_data": (time.perf_counter() - wall, time.process_time() - cpu)}
    inputs = ProbeInputs(model=model, data=data, stated={"lr": 0.01, "optimizer": "momentum"})
    findings = []
    for probe in probes:
        wall, cpu = time.perf_counter(), time.process_time()
        findings += run_probes([probe], inputs).findings
        timings[probe.name] = (time.perf_counter() - wall, time.process_time() - cpu)
    total_wall, total_cpu = (sum(t[i] for t in timings.values()) for i in (0, 1))
    slowest = max(timings, key=lambda k: timings[k][1])
    lines = [f"{name}: {sum(p.numel() for p in model.parameters()):,} parameters, {len(batches)} batches   (wall s, CPU s)"]
    lines += [f"  {probe:20s} {w:6.2f} {c:6.2f}" for probe, (w, c) in timings.items()]
    # An idle core lets the budgeted probes run up to their budgets where a busy one stopped them earlier.
    budgets = {"hessian": thresholds.HESSIAN_SECONDS, "lr_range_test": thresholds.LR_RANGE_SECONDS}
    idle = total_cpu + sum(max(0.0, seconds - timings[probe][1]) for probe, seconds in budgets.items() if probe in timings)
    lines.append(f"  {'total':20s} {total_wall:6.2f} {total_cpu:6.2f}")
    lines.append(f"  on an idle core at most {idle:.2f} s (the budgeted probes given their full {thresholds.HESSIAN_SECONDS:g} + "
                 f"{thresholds.LR_RANGE_SECONDS:g} s): "
                 f"target {TARGET_SECONDS:g} s {'met' if idle <= TARGET_SECONDS else 'missed'}")
    lines.append(f"  slowest: {slowest} {timings[slowest][1]:.2f} CPU s, {timings[slowest][1] / total_cpu:.0%} of the run")
    lines.append(f"  hessian: {finding(findings, 'hessian', 'iterations')}, stopped early {finding(findings, 'hessian', 'stopped early')}")
    lines.append(f"  lr_range_test: {finding(findings, 'lr_range_test', 'steps')}, stopped early {finding(findings, 'lr_range_test', 'stopped early')}")
    lines.append(f"  errors: {[f.probe for f in findings if f.verdict == 'error'] or 'none'}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "probe_time.txt")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [f"torch {torch.__version__}, {args.threads} thread(s), {os.cpu_count()} cores, load average {load:.1f} at the start"]
    for name, (model, data) in cases().items():
        lines += run_case(name, model, data)
    text = "\n".join(lines)
    print(text)
    args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
