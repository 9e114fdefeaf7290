"""The loss-log probes: log_trend, log_shape, log_level, log_sign, log_spikes, log_lr (facts of symptoms.yaml)."""

from __future__ import annotations

import numpy as np

from losshelp.probe.base import Finding, ProbeInputs
from losshelp.probe.logs import level
from losshelp.probe.logs.series import LossLog
from losshelp.probe.logs.shape import curve_shape, jump_after_decay, lr_decay_events, lr_vanished, spikes
from losshelp.probe.logs.thresholds import (
    CHANCE_TOLERANCE,
    FINAL_POINTS,
    GAP_MIN_SHARE_OF_START,
    GAP_RATIO,
    INITIAL_RISE,
    JUMP_AFTER_DECAY,
    LEVEL_HIGH_FRACTION,
    LEVEL_LOW_FRACTION,
    LR_DECAY_RATIO,
    LR_VANISHED_RATIO,
    LR_VANISHED_SHARE,
    MIN_POINTS,
    NEGATIVE_MARGIN,
    OSCILLATION_NOISE,
    PLATEAU_FRONT_SHARE,
    SLOW_FRONT_SHARE,
    SPIKE_RATIO,
    SPIKE_WINDOW,
    SPIKE_Z,
    TREND_MIN_CHANGE,
    TREND_Z,
    VAL_IMPROVED_DROP,
    WARMUP_RATIO,
)
from losshelp.probe.logs.trend import Trend, series_trend, stage
from losshelp.probe.registry import register

TREND_RULE = (
    f"|change| >= {TREND_MIN_CHANGE} and |z| >= {TREND_Z:g} -> trend; noise >= {OSCILLATION_NOISE} -> oscillating"
)
LOSS_FACTS = {"train": "train_loss", "val": "val_loss", "test": "test_loss"}


def num_classes(inputs: ProbeInputs) -> tuple[float | None, str]:
    """C from `--set num_classes=C`, else guessed from the checkpoint's last layer; and where it came from."""
    stated = inputs.stated.get("num_classes")
    if isinstance(stated, (int, float)) and stated >= 2:
        return float(stated), "stated"
    if inputs.checkpoint is not None:
        from losshelp.probe.checkpoint.layers import guess_num_classes

        guessed = guess_num_classes(inputs.checkpoint.tensors)
        if guessed:
            return float(guessed), "the checkpoint's last layer"
    return None, ""


def train_level(log: LossLog, inputs: ProbeInputs) -> tuple[str | None, float, str]:
    """high / low / None for the final training loss, the reference it was compared with, and its name."""
    train = log.get("train")
    final = level.final_value(train.y) if train else None
    if final is None:
        return None, 0.0, ""
    c, _ = num_classes(inputs)
    reference, name = (level.chance_level(c), f"ln {c:g}") if c else (level.start_value(train.y) or 0.0, "the starting loss")
    return level.level(final, reference), reference, name


def _fit_text(trend: Trend) -> str:
    fit, whole = trend.recent_fit, trend.whole_fit
    if fit is None or whole is None:
        return "too few finite values to fit"
    return (
        f"recent {fit.n} points: log-loss change {fit.change:+.3f} (z {fit.z:+.1f}, noise {fit.noise:.3f});"
        f" whole run {whole.change:+.3f} ({trend.whole})"
    )


def _trend_verdict(label: str, converged: bool) -> str:
    return "ok" if label == "decreasing" or (label == "flat" and converged) else "abnormal"


@register("log_trend", needs=["log"], facts=["train_loss", "val_loss", "test_loss", "stage", "val_gap_large", "val_improved", "epochs"])
def log_trend(inputs: ProbeInputs) -> list[Finding]:
    """Trend of each loss series over its recent third and whole run (robust Theil–Sen on log-loss)."""
    log: LossLog = inputs.log
    lvl, _, _ = train_level(log, inputs)
    out: list[Finding] = []
    trends: dict[str, Trend] = {}
    for role, fact in LOSS_FACTS.items():
        series = log.get(role)
        trend = series_trend(series.y) if series else None
        if series is None:
            continue
        if trend is None:
            out.append(Finding("log_trend", None, None, f">= {MIN_POINTS} points", "info", f"{series.column}: fewer than {MIN_POINTS} finite values, no trend"))
            continue
        trends[role] = trend
        reason = f"{series.column}: {_fit_text(trend)}"
        out.append(Finding("log_trend", fact, trend.recent, TREND_RULE, _trend_verdict(trend.recent, lvl == "low"), reason))
    if "train" in trends and (when := stage(trends["train"])):
        drop = trends["train"].fell_before
        out.append(Finding("log_trend", "stage", when, f"fell >= {TREND_MIN_CHANGE} before the recent part -> later", "info",
                           f"training loss fell by {drop:.3f} in log-loss from its start before the recent part stalled"))
    out.extend(_gap(log))
    out.extend(_improved(log))
    if log.epochs is not None:
        out.append(Finding("log_trend", "epochs", float(log.epochs), "", "info", "from the log's epoch column"))
    return out


def _gap(log: LossLog) -> list[Finding]:
    train = log.get("train")
    others = [s for s in (log.get("val"), log.get("test")) if s is not None]
    t_final, t_start = (level.final_value(train.y), level.start_value(train.y)) if train else (None, None)
    if t_final is None or t_start is None or not others:
        return []
    finals = [(s.column, f) for s in others if (f := level.final_value(s.y)) is not None]
    if any(level.negative(f) for f in (t_final, *(f for _, f in finals))):
        return []  # ratios of negative losses say nothing; log_sign reports them
    large = [(c, f) for c, f in finals if level.gap_large(t_final, f, t_start)]
    shown = ", ".join(f"{c} {f:.4g}" for c, f in finals)
    rule = f">= {GAP_RATIO:g}x train and >= {GAP_MIN_SHARE_OF_START:g} x start above it"
    reason = f"final train loss {t_final:.4g} vs {shown}"
    return [Finding("log_trend", "val_gap_large", "yes" if large else "no", rule, "abnormal" if large else "ok", reason)]


def _improved(log: LossLog) -> list[Finding]:
    """Whether the held-out loss (validation, else test) ever fell clearly below its first value."""
    series = log.get("val") or log.get("test")
    better = level.improved(series.y) if series is not None else None
    if series is None or better is None:
        return []
    finite = series.y[np.isfinite(series.y)]
    rule = f"best <= {1 - VAL_IMPROVED_DROP:g} x first -> yes"
    reason = f"{series.column}: first {finite[0]:.4g}, best later {finite[1:].min():.4g}"
    return [Finding("log_trend", "val_improved", "yes" if better else "no", rule, "ok" if better else "abnormal", reason)]


@register("log_shape", needs=["log"], facts=["curve_shape"])
def log_shape(inputs: ProbeInputs) -> list[Finding]:
    """Source 002's curve shape of the training loss; an LR column lets it see a jump after a decay."""
    log: LossLog = inputs.log
    train, lr = log.get("train"), log.get("lr")
    trend = series_trend(train.y) if train else None
    if train is None or trend is None:
        return [Finding("log_shape", None, None, "", "info", "no training-loss series with enough points")]
    events = lr_decay_events(lr.x, lr.y) if lr is not None else []
    jump = jump_after_decay(train.x, train.y, events) if events else None
    shape = curve_shape(train.y, trend, train_level(log, inputs)[0] == "low", jump)
    rule = f"plateau: >= {PLATEAU_FRONT_SHARE:g} of the drop in the first third; slow: < {SLOW_FRONT_SHARE:g}; rise: +{INITIAL_RISE:g} early"
    if shape is None:
        return [Finding("log_shape", None, None, rule, "info", f"no shape of source 002 fits ({trend.whole} throughout)")]
    detail = (f"loss up {JUMP_AFTER_DECAY:.0%}+ after the LR decay at {log.x_name} {jump:g}" if jump is not None
              else f"training loss {trend.whole} overall, {trend.recent} recently, {len(events)} LR decay(s)")
    return [Finding("log_shape", "curve_shape", shape, rule, "ok" if shape == "smooth" else "abnormal", detail)]


@register("log_level", needs=["log"], facts=["loss_value", "train_loss_level", "loss_at_chance"])
def log_level(inputs: ProbeInputs) -> list[Finding]:
    """Where the training loss ends: its value, high/low vs chance (ln C) or its start, stuck at ln C."""
    log: LossLog = inputs.log
    train = log.get("train")
    final = level.final_value(train.y) if train else None
    if final is None:
        return [Finding("log_level", None, None, "", "info", "no finite training-loss value")]
    out = [Finding("log_level", "loss_value", final, "", "info", f"median of the last {FINAL_POINTS} values of {train.column}")]
    lvl, reference, name = train_level(log, inputs)
    trend = series_trend(train.y)
    still_falling = trend is not None and trend.recent == "decreasing"
    rule = f">= {LEVEL_HIGH_FRACTION:g} x ref high, <= {LEVEL_LOW_FRACTION:g} x ref low"
    if lvl:
        verdict = "abnormal" if lvl == "high" and not still_falling else "ok" if lvl == "low" else "info"
        out.append(Finding("log_level", "train_loss_level", lvl, rule, verdict, f"final {final:.4g} is {final / reference:.2f} x {name} ({reference:.4g})"))
    c, origin = num_classes(inputs)
    if c is None:
        out.append(Finding("log_level", None, None, "ln C", "info", "number of classes unknown: --set num_classes=C to compare with chance level"))
        return out
    stuck = level.at_chance(final, c) and not still_falling
    out.append(Finding("log_level", "loss_at_chance", "yes" if stuck else "no", f"within {CHANCE_TOLERANCE:.0%} of ln {c:g} = {level.chance_level(c):.3f}",
                       "abnormal" if stuck else "ok", f"final {final:.4g} vs chance ln {c:g} = {level.chance_level(c):.3f} (C from {origin})"))
    return out


@register("log_sign", needs=["log"], facts=["loss_negative"])
def log_sign(inputs: ProbeInputs) -> list[Finding]:
    """Whether a loss ends below zero, which cross-entropy, NLL of log-probabilities, BCE and MSE never do."""
    log: LossLog = inputs.log
    finals = [(s.column, f) for role in LOSS_FACTS if (s := log.get(role)) is not None and (f := level.final_value(s.y)) is not None]
    if not finals:
        return [Finding("log_sign", None, None, "", "info", "no finite loss value")]
    below = [(c, f) for c, f in finals if level.negative(f)]
    shown = ", ".join(f"{c} {f:.4g}" for c, f in finals)
    said = f"; {' and '.join(c for c, _ in below)} below 0, where cross-entropy, NLL of log-probabilities, BCE and MSE never go" if below else ""
    reason = f"final {shown}{said}"
    used = {column: f"median of its last {FINAL_POINTS} finite values" for column, _ in finals}
    return [Finding("log_sign", "loss_negative", "yes" if below else "no", f"< -{NEGATIVE_MARGIN:g}", "abnormal" if below else "ok", reason, used)]


@register("log_spikes", needs=["log"], facts=["loss_spikes"])
def log_spikes(inputs: ProbeInputs) -> list[Finding]:
    """Sudden spikes of the training loss above its rolling median."""
    train = inputs.log.get("train")
    if train is None:
        return []
    count = spikes(train.y)
    rule = f">= {SPIKE_RATIO:g}x the rolling median ({SPIKE_WINDOW} points) and >= {SPIKE_Z:g} robust sigma"
    return [Finding("log_spikes", "loss_spikes", "yes" if count else "no", rule, "abnormal" if count else "ok",
                    f"{count} spike(s) in {int(np.isfinite(train.y).sum())} values of {train.column}")]


@register("log_lr", needs=["log"], facts=["lr_decay", "uses_warmup", "lr", "lr_vanished"], precedence=-1)
def log_lr(inputs: ProbeInputs) -> list[Finding]:
    """The LR schedule from an lr column: decay (last <= half the peak), warm-up (first <= half, peak later), peak, vanished."""
    lr = inputs.log.get("lr")
    schedule = level.lr_schedule(lr.y) if lr is not None else None
    if schedule is None:
        return [Finding("log_lr", None, None, "", "info", "no learning-rate column in the log")]
    decays, warms, peak = schedule
    first, last = lr.y[np.isfinite(lr.y)][[0, -1]]
    return [
        Finding("log_lr", "lr", peak, "", "info", f"peak of {lr.column}"),
        Finding("log_lr", "lr_decay", "yes" if decays else "no", f"last <= {LR_DECAY_RATIO:g} x peak", "info", f"last {last:.3g} vs peak {peak:.3g}"),
        Finding("log_lr", "uses_warmup", "yes" if warms else "no", f"first <= {WARMUP_RATIO:g} x peak, peak later", "info",
                f"first {first:.3g} vs peak {peak:.3g}"),
        Finding("log_lr", "lr_vanished", "yes" if lr_vanished(lr.y) else "no",
                f"ends < {LR_VANISHED_RATIO:g} x peak after >= {LR_VANISHED_SHARE:.0%} of the run there",
                "abnormal" if lr_vanished(lr.y) else "ok", f"last {last:.3g} vs peak {peak:.3g}", {"lr": f"{last:.3g} (log {lr.column}, last step)"}),
    ]
