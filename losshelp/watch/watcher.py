"""The watcher: registers public PyTorch hooks on the models and optimizers it is given, fills a
`StepState` with what they observe, runs the checks, and reports what fires.

Hooks only read: gradient hooks return None, forward pre-hooks return None, optimizer hooks
return None, measurements run under no_grad on detached tensors and consume no random numbers,
so the watched training's numbers are bitwise the ones it has without the watcher.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Iterable
from typing import Any, TextIO

import torch
from torch import nn

from losshelp.errors import InputError
from losshelp.probe.base import FactValue, Finding
from losshelp.watch import distributed
from losshelp.watch.alerts import Alert
from losshelp.watch.checks import ALL_CHECKS, Check, Fire
from losshelp.watch.checks.replica_drift import ReplicaDrift
from losshelp.watch.checks.step_without_grad import StepWithoutGrad
from losshelp.watch.measure import fingerprint, gradient_stats, norms, single_class, update_norms
from losshelp.watch.output import AlertPrinter, summary
from losshelp.watch.results import run_facts, run_findings
from losshelp.watch.runfolder import RunWriter
from losshelp.watch.state import Sampled, StepState
from losshelp.watch.thresholds import EVERY

MODE_SENSITIVE = (nn.Dropout, nn.Dropout1d, nn.Dropout2d, nn.Dropout3d, nn.AlphaDropout, nn.FeatureAlphaDropout,
                  nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.SyncBatchNorm)
BATCHNORMS = (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.SyncBatchNorm)
LOSS_MODULE = getattr(nn.modules.loss, "_Loss", nn.Module)


def _listed(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _first_tensor(args: tuple, kwargs: dict) -> torch.Tensor | None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, torch.Tensor):
            return value
    return None


def _to_floats(values: list) -> list[float]:
    """Recorded losses as floats, with one device-to-host copy when they are tensors on one device."""
    tensors = [v for v in values if isinstance(v, torch.Tensor)]
    if tensors and len(tensors) == len(values) and len({t.device for t in tensors}) == 1:
        return torch.stack([t.float().reshape(()) for t in tensors]).tolist()
    return [float(v) for v in values]


def default_log_dir() -> str:
    return time.strftime("runs/watch-%Y%m%d-%H%M%S")


class Watcher:
    """Live checks on one training run. Made by `losshelp.watch(...)`; models and optimizers may
    also be attached later (`attach_model`, `attach_optimizer`), as `losshelp run` does."""

    def __init__(
        self,
        model: nn.Module | Iterable[nn.Module] | None = None,
        optimizer: torch.optim.Optimizer | Iterable[torch.optim.Optimizer] | None = None,
        log_dir: str | None = None,
        every: int | None = None,
        *,
        checks: Iterable[str] | None = None,
        scaler: Any = None,
        lang: str = "en",
        stream: TextIO | None = None,
        print_summary: bool = True,
    ) -> None:
        self.every = max(1, int(every or EVERY))
        self.lang = lang
        self.scaler = scaler
        self.print_summary = print_summary
        chosen = set(checks) if checks is not None else {c.name for c in ALL_CHECKS}
        unknown = chosen - {c.name for c in ALL_CHECKS}
        if unknown:
            raise InputError(f"unknown check(s): {', '.join(sorted(unknown))}; known: {', '.join(c.name for c in ALL_CHECKS)}")
        self.checks: list[Check] = [cls() for cls in ALL_CHECKS if cls.name in chosen]
        self.state = StepState()
        self.rank0 = distributed.rank() == 0
        self.log_dir = (log_dir or default_log_dir()) if self.rank0 else None
        self.writer = RunWriter(self.log_dir) if self.log_dir else None
        self.stream = (stream or sys.stderr) if self.rank0 else None
        self.printer = AlertPrinter(self.stream)
        self.alerts: list[Alert] = []
        self.iterations = 0
        self.closed = False
        self._handles: list[Any] = []
        self._hooked: set[int] = set()
        self._models: list[nn.Module] = []
        self._optimizers: list[torch.optim.Optimizer] = []
        self._opt_params: dict[int, set[int]] = {}
        self._owner: dict[int, int] = {}
        self._leak_pending: dict[int, bool] = {}
        self._before: list[torch.Tensor] | None = None
        self._force_sample = False
        self._stepped_since_loss = False
        self._criterion_hook = torch.nn.modules.module.register_module_forward_pre_hook(self._find_criterion)
        if self.writer:
            self.writer.event({"kind": "start", "every": self.every, "checks": [c.name for c in self.checks], "time": time.time()})
        for m in _listed(model):
            self.attach_model(m)
        for o in _listed(optimizer):
            self.attach_optimizer(o)

    # --- attaching ----------------------------------------------------------------------------

    def attach_model(self, model: nn.Module) -> None:
        """Watch `model`: its forwards (mode, batch, BatchNorm batch size) and its parameters' gradients."""
        if any(model is m for m in self._models):
            return
        self._models.append(model)
        st = self.state
        for name, param in model.named_parameters():
            st.names[id(param)] = name
            if param.requires_grad:
                st.trainable[id(param)] = param
                self._hook_grad(param)
        for name, module in model.named_modules():
            if isinstance(module, MODE_SENSITIVE) and st.mode_sensitive is None:
                st.mode_sensitive = name or type(module).__name__
            if isinstance(module, BATCHNORMS):
                self._handles.append(module.register_forward_pre_hook(lambda m, args, n=name: self._on_batchnorm(n, m, args)))
        self._handles.append(model.register_forward_pre_hook(self._on_forward, with_kwargs=True))

    def attach_optimizer(self, optimizer: torch.optim.Optimizer) -> None:
        """Watch `optimizer`'s steps: its groups, lr, and the gradients it is about to apply."""
        if any(optimizer is o for o in self._optimizers):
            return
        self._optimizers.append(optimizer)
        key = id(optimizer)
        own = {id(p) for group in optimizer.param_groups for p in group["params"]}
        self._opt_params[key] = own
        self.state.optimized |= own
        for index, param in enumerate(p for group in optimizer.param_groups for p in group["params"]):
            self._owner.setdefault(id(param), key)
            self.state.names.setdefault(id(param), f"optimizer{len(self._optimizers) - 1}.param{index}")
            if param.requires_grad:
                self._hook_grad(param)
        self._handles.append(optimizer.register_step_pre_hook(self._before_step))
        self._handles.append(optimizer.register_step_post_hook(self._after_step))

    def _hook_grad(self, param: torch.Tensor) -> None:
        if id(param) in self._hooked:
            return
        self._hooked.add(id(param))
        pid = id(param)
        self._handles.append(param.register_hook(lambda grad, pid=pid: self._on_grad(pid)))

    # --- what the user's loop calls ------------------------------------------------------------

    def loss(self, value: Any, targets: torch.Tensor | None = None) -> None:
        """Record this step's training loss (a tensor or a number); `targets` optionally, when no
        nn loss module or `labels=` argument shows them."""
        if self.closed:
            return
        self.iterations += 1
        st = self.state
        if targets is not None:
            self._on_targets(targets)
        if isinstance(value, torch.Tensor):
            value = value.detach()
            value = value if value.numel() == 1 else value.float().mean()
        # Called after step() the loss belongs to the step just taken; before it (or from backward), to the coming one.
        st.losses.append((st.step - 1 if self._stepped_since_loss else st.step, value))
        self._stepped_since_loss = False
        if self.scaler is not None:
            st.scaler_scales.append(float(self.scaler.get_scale()))
        if self._sampled() or len(st.losses) >= self.every:
            self._flush_losses()

    def val_loss(self, value: Any) -> None:
        """Record a validation loss (after each validation pass)."""
        if self.writer and not self.closed:
            self.writer.event({"kind": "val_loss", "step": self.state.step, "value": float(value)})

    def close(self) -> None:
        """Check the last losses, write facts.json, print the summary, remove every hook."""
        if self.closed:
            return
        self._flush_losses()
        self.closed = True
        for handle in self._handles:
            handle.remove()
        self._handles.clear()
        if self._criterion_hook is not None:
            self._criterion_hook.remove()
            self._criterion_hook = None
        if self.writer:
            self.writer.facts(self.payload())
            self.writer.event({"kind": "close", "steps": self.state.step, "time": time.time()})
            self.writer.close()
        if self.stream is not None and self.print_summary:
            for line in summary(self.facts(), self.alerts, self.state.step, self.log_dir, self.lang):
                print(line, file=self.stream, flush=True)

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- results -------------------------------------------------------------------------------

    def facts(self) -> dict[str, FactValue]:
        """The KB facts the run showed so far."""
        return run_facts(self.checks, self.alerts)

    def findings(self) -> list[Finding]:
        """One finding per check that measured so far."""
        return run_findings(self.checks, self.alerts, self.state.step, self.lang)

    def payload(self) -> dict[str, Any]:
        return {
            "facts": self.facts(),
            "findings": [f.to_json() for f in self.findings()],
            "alerts": [a.to_json() for a in self.alerts],
            "repeats": dict(self.printer.repeats),
            "steps": self.state.step,
            "iterations": self.iterations,
            "every": self.every,
            "closed": self.closed,
        }

    # --- hooks ---------------------------------------------------------------------------------

    def _sampled(self) -> bool:
        step = self.state.step
        return step < self.every or step % self.every == 0 or self._force_sample

    def _on_forward(self, module: nn.Module, args: tuple, kwargs: dict) -> None:
        if not torch.is_grad_enabled():
            return  # validation or inference
        self.state.forward_training = module.training
        if self._sampled():
            batch = _first_tensor(args, kwargs)
            if batch is not None:
                self.state.batch_fingerprints.append(fingerprint(batch))
            labels = kwargs.get("labels")
            if isinstance(labels, torch.Tensor):
                self._on_targets(labels)

    def _on_batchnorm(self, name: str, module: nn.Module, args: tuple) -> None:
        if module.training and torch.is_grad_enabled() and args and isinstance(args[0], torch.Tensor) and args[0].shape[0] == 1:
            self.state.bn_batch_of_one = name

    def _find_criterion(self, module: nn.Module, args: tuple) -> None:
        if isinstance(module, LOSS_MODULE) and torch.is_grad_enabled():
            self._handles.append(module.register_forward_pre_hook(self._on_criterion))
            self._drop_criterion_search()
        elif self.state.step > self.every:
            self._drop_criterion_search()  # no nn loss module in use: stop looking

    def _drop_criterion_search(self) -> None:
        if self._criterion_hook is not None:
            self._criterion_hook.remove()
            self._criterion_hook = None

    def _on_criterion(self, module: nn.Module, args: tuple) -> None:
        if torch.is_grad_enabled() and len(args) >= 2 and isinstance(args[1], torch.Tensor):
            self._on_targets(args[1])

    def _on_targets(self, targets: torch.Tensor) -> None:
        if self._sampled():
            st = self.state
            st.constant_label_run = st.constant_label_run + 1 if single_class(targets) else 0

    def _on_grad(self, pid: int) -> None:
        st = self.state
        st.grads_since_step.add(pid)
        st.ever_grad.add(pid)
        key = self._owner.get(pid)
        if key is not None and self._leak_pending.get(key):
            self._leak_pending[key] = False
            param = st.trainable.get(pid)
            if param is not None and param.grad is not None and self._sampled() and bool(param.grad.detach().ne(0).any()):
                st.leaked_grad = st.names.get(pid, "a parameter")

    def _own_params(self, optimizer: torch.optim.Optimizer) -> list[torch.Tensor]:
        return [p for group in optimizer.param_groups for p in group["params"]]

    def _before_step(self, optimizer: torch.optim.Optimizer, args: tuple, kwargs: dict) -> None:
        st = self.state
        key = id(optimizer)
        own = self._opt_params.get(key, set())
        params = self._own_params(optimizer)
        rest = args[1:] if args and args[0] is optimizer else args  # torch passes step()'s own args, self first
        closure = any(a is not None for a in rest) or kwargs.get("closure") is not None
        reason = None
        if not closure and not (own & st.grads_since_step):
            reason = "no backward reached its parameters since the last step()"
        elif not closure and all(p.grad is None for p in params):
            reason = "every .grad is None at step(): cleared after backward"
        for check in self.checks:
            if isinstance(check, StepWithoutGrad):
                check.reason = reason
        st.grads_since_step -= own
        st.lrs = [float(group["lr"]) for group in optimizer.param_groups]
        top = max(st.lrs, default=0.0)
        st.lr_peak = max(st.lr_peak, top)
        st.lr_zero_run = st.lr_zero_run + 1 if top == 0 else 0
        st.sampled = self._sampled()
        st.measured = Sampled()
        if st.sampled:
            with_grad = [p for p in params if p.grad is not None]
            st.measured.grad_names = [st.names.get(id(p), "?") for p in with_grad]
            st.measured.grad_norms, st.measured.grad_rms = gradient_stats([p.grad for p in with_grad])
            if self._wants("update_ratio"):
                self._before = [p.detach().clone() for p in with_grad]
        self._run("before_step")
        st.leaked_grad = None
        st.bn_batch_of_one = None

    def _after_step(self, optimizer: torch.optim.Optimizer, args: tuple, kwargs: dict) -> None:
        st = self.state
        params = self._own_params(optimizer)
        if st.sampled:
            st.measured.weight_names = [st.names.get(id(p), "?") for p in params]
            st.measured.weight_norms = norms(params)
            if self._before is not None:
                size = {id(p): n for p, n in zip(params, st.measured.weight_norms, strict=True)}
                with_grad = [p for p in params if p.grad is not None]
                if len(with_grad) == len(self._before):
                    moved = update_norms(self._before, with_grad)
                    st.measured.update_ratios = [d / size[id(p)] for d, p in zip(moved, with_grad, strict=True) if size[id(p)] > 0]
                self._before = None
            drift = next((c for c in self.checks if isinstance(c, ReplicaDrift)), None)
            if drift is not None:
                drift.compared = distributed.world_size() > 1
                if drift.compared:
                    st.measured.replica_mismatch = distributed.first_mismatch(st.measured.weight_names, params)
        self._run("after_step")
        if st.sampled and self.writer:
            self.writer.event(self._sample_record())
        self._leak_pending[id(optimizer)] = True
        self._force_sample = False
        self._stepped_since_loss = True
        st.step += 1

    def _sample_record(self) -> dict[str, Any]:
        st, m = self.state, self.state.measured
        record: dict[str, Any] = {"kind": "sample", "step": st.step, "lr": max(st.lrs, default=None)}
        if m.grad_norms is not None:
            record["grad_norm"] = math.sqrt(sum(n * n for n in m.grad_norms))
            record["grad_rms"] = m.grad_rms
        if m.update_ratios:
            record["update_ratio"] = statistics.median(m.update_ratios)
        return record

    def _flush_losses(self) -> None:
        st = self.state
        if not st.losses:
            return
        values = _to_floats([v for _, v in st.losses])
        for (step, _), value in zip(st.losses, values, strict=True):
            if self.writer:
                self.writer.event({"kind": "loss", "step": step, "value": value})
            if not math.isfinite(value) and st.first_bad_loss is None:
                st.first_bad_loss = (step, value)
                self._force_sample = True
        st.losses.clear()
        self._run("loss")

    def _wants(self, name: str) -> bool:
        return any(c.name == name for c in self.checks)

    def _run(self, phase: str) -> None:
        for check in self.checks:
            if check.phase == phase:
                fire = check.check(self.state)
                if fire is not None:
                    self._alert(check, fire)

    def _alert(self, check: Check, fire: Fire) -> None:
        value = fire.fact_value if check.fires is None else check.fires
        alert = Alert(check.name, self.state.step, fire.where, fire.measured, check.fact, value, check.threshold,
                      check.source, check.text("what", self.lang), check.text("fix", self.lang))
        if self.printer.show(alert):
            self.alerts.append(alert)
            if self.writer:
                self.writer.event(alert.to_json())
                self.writer.facts(self.payload())
