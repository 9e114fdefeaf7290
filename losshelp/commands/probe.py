"""`losshelp probe`: measure a checkpoint and/or a loss log, turn the measurements into facts, diagnose.

Parses and presents only: loading and measuring live in `losshelp.probe`, imported when the
command runs so `losshelp --help` stays free of torch.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from dataclasses import replace

from losshelp.commands.common import add_lang, fail
from losshelp.errors import LosshelpError

EPILOG = """\
examples:
  losshelp probe --demo                          a bundled run with a fault, diagnosed
  losshelp probe runs/last.ckpt --log runs/metrics.csv
  losshelp probe --log train_log.jsonl --set num_classes=10 --json
  losshelp probe model.safetensors --only checkpoint_weight_scale,checkpoint_near_zero
  losshelp probe ckpt.pt --model net.py:build --data data.py:loader --json
  losshelp probe --model net.py:build --data batches.npz --loss cross_entropy --set lr=0.1
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "probe",
        help="measure a checkpoint, a loss log and a model with data, then diagnose",
        description="Measure a checkpoint (state_dict, Lightning .ckpt, safetensors, TorchScript), a loss log "
        "(CSV, TSV, JSON lines, Lightning metrics.csv, TensorBoard) and, given --model and --data, the model on a "
        "few batches (gradients, activations, overfit-one-batch, LR range test, Hessian), then rank the causes.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("checkpoint", nargs="?", metavar="CHECKPOINT", help="a checkpoint file (loaded with weights_only=True)")
    parser.add_argument("--run", dest="run_dir", metavar="DIR", help="a run folder written by losshelp.watch or `losshelp run` (its facts and alerts)")
    parser.add_argument("--log", metavar="FILE", help="a loss log: CSV/TSV/JSON lines, metrics.csv, or a TensorBoard run")
    parser.add_argument("--model", metavar="FILE.py:FACTORY", help="a function returning the nn.Module (the checkpoint's weights are loaded into it)")
    parser.add_argument("--data", metavar="FILE.py:FACTORY|FILE.pt|FILE.npz", help="a function returning an iterable of batches, or a tensor file")
    parser.add_argument("--loss", metavar="NAME|FILE.py:FN",
                        help="cross_entropy, mse, bce, nll, own (the model returns it), or FILE.py:FN; default: inferred from the targets")
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


def run(args: argparse.Namespace) -> int:
    from losshelp.commands.probe_render import Progress, print_list, print_report
    from losshelp.engine import FactError, diagnose, validate_facts
    from losshelp.kb import default_kb
    from losshelp.probe import select
    from losshelp.probe.request import ProbeRequest, demo_paths, measure

    if args.list:
        print_list(select(), args.lang)
        return 0
    if args.demo:
        given = [name for name, value in (("CHECKPOINT", args.checkpoint), ("--log", args.log), ("--model", args.model),
                                          ("--data", args.data), ("--loss", args.loss)) if value]
        if given:
            return fail(f"--demo runs on the bundled checkpoint and log alone; leave out {', '.join(given)}")
        args.checkpoint, args.log = demo_paths()
    request = ProbeRequest(
        checkpoint=args.checkpoint, log=args.log, model=args.model, data=args.data, loss=args.loss,
        device=args.device, trust_checkpoint=args.trust_checkpoint, run=args.run_dir,
    )
    if request.empty:
        return fail("nothing to probe: give a CHECKPOINT, --log FILE, --model and --data, --run DIR, or --demo")
    kb = default_kb()
    try:
        probes = select(_names(args.only), _names(args.skip))
        stated = validate_facts(args.set, kb, source="--set")
    except (ValueError, FactError) as exc:
        return fail(str(exc))
    # The user's model, data and loss code may print; its output goes to stderr so that stdout holds the report.
    with Progress(len(probes), args.lang) as progress, contextlib.redirect_stdout(sys.stderr):
        try:
            inputs, report = measure(request, stated, probes, on_progress=progress.update)
        except LosshelpError as exc:
            progress.stop()
            return fail(str(exc))
    diagnosis = diagnose(report.facts, kb, measured=True)
    if args.json:
        measured = replace(diagnosis, findings=tuple(f.to_json() for f in report.findings))
        notes = {"notes": inputs.log.notes} if inputs.log is not None and inputs.log.notes else {}
        print(json.dumps({**measured.to_json(kb, args.lang), "timings": report.timings, **notes}, ensure_ascii=False, indent=2))
    else:
        print_report(report, inputs, diagnosis, kb, args.lang, plot=not args.no_plot)
    return 0

