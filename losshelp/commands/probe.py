"""`losshelp probe`: measure a checkpoint and/or a loss log, turn the measurements into facts, diagnose.

Parses and presents only: loading and measuring live in `losshelp.probe`, imported when the
command runs so `losshelp --help` stays free of torch.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from importlib.resources import files
from typing import Any

from losshelp.commands.common import add_lang, fail

EPILOG = """\
examples:
  losshelp probe --demo                          a bundled run with a fault, diagnosed
  losshelp probe runs/last.ckpt --log runs/metrics.csv
  losshelp probe --log train_log.jsonl --set num_classes=10 --json
  losshelp probe model.safetensors --only checkpoint_weight_scale,checkpoint_near_zero
"""
DEMO_FILES = ("demo_checkpoint.pt", "demo_metrics.csv")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "probe",
        help="measure a checkpoint and a loss log, then diagnose",
        description="Measure a checkpoint (state_dict, Lightning .ckpt, safetensors, TorchScript) and a loss log "
        "(CSV, TSV, JSON lines, Lightning metrics.csv, TensorBoard), then rank the causes.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("checkpoint", nargs="?", metavar="CHECKPOINT", help="a checkpoint file (loaded with weights_only=True)")
    parser.add_argument("--log", metavar="FILE", help="a loss log: CSV/TSV/JSON lines, metrics.csv, or a TensorBoard run")
    parser.add_argument("--set", action="append", default=[], metavar="FACT=VALUE", help="state a fact (repeatable), e.g. num_classes=10")
    parser.add_argument("--json", action="store_true", help="print one JSON object: facts, findings, causes, timings")
    add_lang(parser)
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu", help="where model probes run (default: cpu)")
    parser.add_argument("--only", action="append", default=[], metavar="PROBE[,PROBE]", help="run only these probes")
    parser.add_argument("--skip", action="append", default=[], metavar="PROBE[,PROBE]", help="do not run these probes")
    parser.add_argument("--list", action="store_true", help="list the probes and exit")
    parser.add_argument("--no-plot", action="store_true", help="do not plot the loss curves")
    parser.add_argument("--trust-checkpoint", action="store_true", help="allow a checkpoint that needs pickled code (runs that code)")
    parser.add_argument("--demo", action="store_true", help="run on the bundled faulty checkpoint and log")
    parser.set_defaults(run=run)


def _names(values: list[str]) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def diagnose_facts(facts: dict[str, Any]):
    """The engine's Diagnosis of the facts, or None while `losshelp.engine` has no `diagnose`."""
    try:
        from losshelp.engine import diagnose
    except ImportError:
        return None
    return diagnose(facts)


def stated_facts(raw: list[str], kb) -> dict[str, Any]:
    """`--set` values checked against the KB: the engine's validate_facts once it exists, else ours."""
    try:
        from losshelp.engine import validate_facts
    except ImportError:
        from losshelp.probe.facts import parse_stated as validate_facts
    return validate_facts(raw, kb)


def _input_errors() -> tuple[type[Exception], ...]:
    """Errors that mean a bad --only/--skip/--set: ValueError, and the engine's FactError once it exists."""
    try:
        from losshelp.engine import FactError
    except ImportError:
        return (ValueError,)
    return (ValueError, FactError)


def _load_inputs(args: argparse.Namespace, stated: dict[str, Any], timings: dict[str, float]):
    from losshelp.probe import ProbeInputs
    from losshelp.probe.checkpoint import load_checkpoint
    from losshelp.probe.logs import read_log

    inputs = ProbeInputs(device=args.device, stated=stated)
    if args.checkpoint:
        start = time.perf_counter()
        inputs.checkpoint = load_checkpoint(args.checkpoint, trust=args.trust_checkpoint)
        timings["load_checkpoint"] = round(time.perf_counter() - start, 4)
    if args.log:
        start = time.perf_counter()
        inputs.log = read_log(args.log)
        timings["load_log"] = round(time.perf_counter() - start, 4)
    return inputs


def run(args: argparse.Namespace) -> int:
    from losshelp.commands.probe_render import Progress, print_list, print_report
    from losshelp.kb import default_kb
    from losshelp.probe import ProbeInputError, run_probes, select

    if args.list:
        print_list(select())
        return 0
    if args.demo:
        data = files("losshelp.probe") / "data"
        args.checkpoint, args.log = (args.checkpoint or str(data / DEMO_FILES[0])), (args.log or str(data / DEMO_FILES[1]))
    if not args.checkpoint and not args.log:
        return fail("nothing to probe: give a CHECKPOINT, --log FILE, or --demo")
    kb = default_kb()
    try:
        probes = select(_names(args.only), _names(args.skip))
        stated = stated_facts(args.set, kb)
    except _input_errors() as exc:
        return fail(str(exc))
    if args.device == "cuda" and not _cuda_ok():
        return fail("--device cuda: CUDA is not available on this machine")
    timings: dict[str, float] = {}
    with Progress(len(probes)) as progress:
        try:
            inputs = _load_inputs(args, stated, timings)
        except ProbeInputError as exc:
            progress.stop()
            return fail(str(exc))
        report = run_probes(probes, inputs, on_progress=progress.update)
    report.timings = {**timings, **report.timings}
    diagnosis = diagnose_facts(report.facts)
    if args.json:
        causes = diagnosis.to_json()["causes"] if diagnosis is not None else []
        payload = {"facts": report.facts, "findings": [f.to_json() for f in report.findings], "causes": causes, "timings": report.timings}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        if diagnosis is None:
            print("losshelp: note: the rule engine is not available yet; causes are empty", file=sys.stderr)
    else:
        print_report(report, inputs, diagnosis, kb, args.lang, plot=not args.no_plot)
    return 0


def _cuda_ok() -> bool:
    import torch

    return bool(torch.cuda.is_available())
