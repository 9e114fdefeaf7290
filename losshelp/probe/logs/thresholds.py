"""Thresholds of the loss-log probes (`probe/logs/`); a new loss-log probe puts its thresholds here.

Each says where it comes from: "benchmarks/..." names a script in the repository that measures the
value; "source 00N" is one of the five source documents (see losshelp/kb/data/sources.yaml). Keep
them general: they must hold on runs losshelp has never seen, so each leaves a wide margin around
what healthy runs show.
"""

# --- loss-log trends (source 001's trend table; robust fit in losshelp/probe/robust.py) ----------

# Points a series needs before a trend is measured; Theil–Sen on fewer points says little.
MIN_POINTS = 5
# Share of the series (and at least MIN_POINTS points) that is "the recent part" the trend facts
# describe; the whole series is fitted too, to tell a later stall from one since the start.
RECENT_FRACTION = 1 / 3
# Longer series are reduced to this many bin medians first: damps minibatch noise, bounds the
# O(n^2) Theil–Sen cost. 60 bins keep an epoch-level resolution for runs of up to 60 epochs.
MAX_FIT_POINTS = 60
# A trend must change log-loss by at least 5 % across the window (practical size) ...
TREND_MIN_CHANGE = 0.05
# ... and by at least 3 standard errors of the robust slope, as a Student-t quantile for small
# windows (benchmarks/trend_calibration.py: 0-3.5 % false trends on seeded flat noisy curves).
TREND_Z = 3.0
# A window whose robust log-loss noise exceeds 15 % (after binning) and whose trend is smaller than
# that noise swings without settling: "oscillating". Binned healthy logs stay below 0.092
# (benchmarks/trend_calibration.py); source 002 describes the loss "jumping back and forth".
OSCILLATION_NOISE = 0.15
# The loss "became NaN or inf" (source 001, item 7) when its last value is not finite or at least
# 10 % of the recent part is; a rare inf from a mixed-precision overflow that training skipped is not.
NAN_SHARE = 0.1

# --- loss level (source 003: training loss large vs small; source 000: 2.30 = ln 10) -----------

# The final loss is "high" above 60 % and "low" below 20 % of the reference: ln C when the number
# of classes is known (chance level), else the loss at the start of the log. Between: no verdict.
LEVEL_HIGH_FRACTION = 0.6
LEVEL_LOW_FRACTION = 0.2
# The loss is "at chance" within 5 % of ln C (2.19-2.42 for 10 classes) while not decreasing.
CHANCE_TOLERANCE = 0.05
# Points at the end whose median is the final loss value.
FINAL_POINTS = 5
# A final loss below -1e-4 is negative. Cross-entropy, NLL of log-probabilities, BCE and MSE are
# never below 0 by definition (source 001, item 4: the loss must fit the task; PyTorch's NLLLoss
# expects log-probabilities, and fed raw logits it falls without bound below 0). Float32 rounding of
# a loss near 0 is of the order of 1e-7 (machine epsilon 1.2e-7), a thousand times smaller.
NEGATIVE_MARGIN = 1e-4

# --- curve shapes (source 002's learning-rate curves) -------------------------------------------

# The first 20 % of the run is "the start" where an initial rise is looked for.
EARLY_FRACTION = 0.2
# The start rises when its bin-median peak exceeds the first value by 10 % and the early fit rises.
INITIAL_RISE = 0.10
# "Drops then plateaus": at least 80 % of the total log-loss drop happens in the first third and
# the recent part is flat; a healthy exponential-like decay puts ~65 % there for a run three time
# constants long (1 - e^-1 over 1 - e^-3); a linear-in-log "slow throughout" curve puts 33 %.
PLATEAU_FRONT_SHARE = 0.8
# "Slow throughout": less than half of the drop in the first third and the loss still above half of
# its starting value at the end (source 002: the LR is too small, convergence is slow).
SLOW_FRONT_SHARE = 0.5
SLOW_MIN_RATIO = 0.5
# An LR change is a drop of the logged LR by at least this factor between consecutive values
# (step decay divides by 10 or 2 in source 002; cosine steps are far below it).
LR_EVENT_FACTOR = 1.5
# After an LR decay the loss should fall; a median 10 % above the median just before is a "jump".
JUMP_AFTER_DECAY = 0.10
# Points on each side of an LR event compared for the jump.
JUMP_WINDOW = 5

# --- spikes (source 002: loss "suddenly rising" when the LR is too large) -----------------------

# A spike: a point at least twice its local median (log ratio ln 2) and 6 robust standard
# deviations above it (Gaussian noise passes 6 sigma once in 10^9 points).
SPIKE_RATIO = 2.0
SPIKE_Z = 6.0
# Odd width of the rolling median the spikes are measured against.
SPIKE_WINDOW = 11

# --- train/validation gap (source 003: small training loss, large testing loss -> overfitting) ---

# The validation (or test) loss is "much higher" at twice the training loss and at least 10 % of
# the starting training loss above it (so two tiny losses are never a gap).
GAP_RATIO = 2.0
GAP_MIN_SHARE_OF_START = 0.1

# The held-out loss "improved" once its best value is this share below its first one. An overfitting
# model generalises first and then worse (Prechelt, "Early Stopping - But When?", 1998, measures
# overfitting from the validation minimum); held-out data that never improves while training does
# is a different population or labels that do not belong to their inputs. The margin keeps epoch
# to epoch noise from counting: all 84 healthy faultgen dev runs improved by 17 % or more (test: all 70 by 31 % or more).
VAL_IMPROVED_DROP = 0.1

# --- learning-rate column (source 002: step / exponential decay; source 003: warm-up) ------------

# The LR decays when its last value is at most half its peak; it warms up when its first value is
# at most half its peak and the peak comes later.
LR_DECAY_RATIO = 0.5
WARMUP_RATIO = 0.5
# The lr has "vanished" when it ends below 1e-6 of its start (peak) and spent at least 10 % of the
# logged run there: training has in effect stopped. Source 002 asks for a decay of 100x or more by the
# end; step decay 10x three times ends at 1e-3, a cosine logged 1000 times at 2.5e-6 before its final
# 0, so a healthy schedule reaches 1e-6 at most in its last points (e.g. an ExponentialLR stepped per
# batch instead of per epoch gets there in a few hundred steps and stays). Without a log (a checkpoint
# alone), a last lr of exactly 0 is read as a schedule annealed to zero, a positive one below 1e-6 as vanished.
LR_VANISHED_RATIO = 1e-6
LR_VANISHED_SHARE = 0.1
