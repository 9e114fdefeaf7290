"""Time a whole model-probe run on one CPU core: a ~1M-parameter MLP and a ~1M-parameter LSTM language
model (embedding + LSTM + decoder, PyTorch's word-language-model shape), 8 batches each.

    python -m benchmarks.probe_time [--threads 1] [--out benchmarks/results/probe_time.txt]

Runs every probe that needs a model or data, as `losshelp probe` does, and prints the seconds per
probe, the slowest probe and its share of the run, the Hessian's Lanczos steps and whether the time
budgets stopped it or the LR range test early (target: the whole run within 10 s).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import torch
from torch import nn

from losshelp.probe import ProbeInputs, run_probes, select

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


def finding(report, probe: str, key: str) -> str:
    return next((f.inputs[key] for f in report.findings if f.probe == probe and key in f.inputs), "-")


def run_case(name: str, model: nn.Module, data: list) -> list[str]:
    probes = [p for p in select() if "model" in p.needs or p.needs == frozenset({"data"})]
    inputs = ProbeInputs(model=model, data=data, stated={"lr": 0.01, "optimizer": "momentum"})
    began = time.perf_counter()
    report = run_probes(probes, inputs)
    total = time.perf_counter() - began
    slowest = max(report.timings, key=report.timings.get)
    lines = [f"{name}: {sum(p.numel() for p in model.parameters()):,} parameters, {len(data)} batches"]
    lines += [f"  {probe:20s} {seconds:6.2f} s" for probe, seconds in report.timings.items()]
    lines.append(f"  {'total':20s} {total:6.2f} s   target {TARGET_SECONDS:g} s: {'met' if total <= TARGET_SECONDS else 'missed'}")
    lines.append(f"  slowest: {slowest} {report.timings[slowest]:.2f} s, {report.timings[slowest] / total:.0%} of the run")
    lines.append(f"  hessian: {finding(report, 'hessian', 'iterations')}, stopped early {finding(report, 'hessian', 'stopped early')}")
    lines.append(f"  lr_range_test: {finding(report, 'lr_range_test', 'steps')}, stopped early {finding(report, 'lr_range_test', 'stopped early')}")
    lines.append(f"  errors: {report.errors or 'none'}")
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
