"""Thresholds of the live checks (`watch/checks/`); a new live check puts its thresholds here.

Each says where it comes from: "smdebug" is Amazon SageMaker Debugger's built-in rules and their
published defaults; "TrainCheck" is Lu et al., OSDI 2025; "benchmarks/watch_checks.py" measures the
healthy twins of tests/watch. Each leaves a wide margin around what those healthy runs show, so it
holds on unseen runs.
"""

# Expensive measurements (gradient and weight norms, update ratios, replica checksums) run on one
# step in EVERY; smdebug's default save interval is 500 steps, TrainCheck checks every step. 10
# keeps every check within 20 steps of its first effect (the target) at <= 1.05x step time.
EVERY = 10

# --- training-loop bugs (each a discrete invariant: TrainCheck's approach, one step suffices) ----

# A parameter that got no gradient in its first NEVER_GRAD_STEPS optimizer steps never gets one
# (an unused branch, a detached input or a frozen path); healthy twins: every parameter at step 1.
NEVER_GRAD_STEPS = 5
# The same input batch (content fingerprint) at REPEAT_STEPS consecutive training forwards: four
# identical batches in a row; shuffled or even unshuffled multi-batch loaders never repeat one.
REPEAT_STEPS = 4
# Every target of a batch is the same class at CONSTANT_LABEL_STEPS consecutive batches: with two
# balanced classes and batches of 4 a shuffled loader does so with p = (1/8)^5 = 3e-5.
CONSTANT_LABEL_STEPS = 5

# --- learning rate (PyTorch's LR scheduler docs: schedulers step once per epoch unless stated) -----

# lr 0 at LR_ZERO_STEPS consecutive steps (a warm-up from 0 leaves it after one step).
LR_ZERO_STEPS = 3
# The lr "collapses" when it falls to LR_COLLAPSE_FRACTION of its peak within the first
# LR_COLLAPSE_WITHIN optimizer steps. A cosine schedule reaches 1 % of its peak only after 93.6 %
# of its length, so a run planned for over ~107 steps never does it that early; StepLR(30, 0.1)
# stepped per batch instead of per epoch does it at step 60.
LR_COLLAPSE_FRACTION = 0.01
LR_COLLAPSE_WITHIN = 100

# --- non-finite values and gradient size ------------------------------------------------------------

# smdebug's VanishingGradient rule: mean |gradient| below 1e-7. Measured as the RMS gradient (one
# pass over the gradients instead of two); RMS >= mean |g|, so whenever this fires smdebug's does too.
VANISHING_RMS = 1e-7
# Exploding: the total gradient norm at a sampled step exceeds EXPLODING_GROWTH times its median
# over the first BASELINE_SAMPLES samples. Healthy twins stay within 0.1x-3x of their baseline
# (benchmarks/watch_checks.py); smdebug's ExplodingTensor rule flags only NaN/inf.
EXPLODING_GROWTH = 100.0
BASELINE_SAMPLES = 3

# smdebug's WeightUpdateRatio rule: |update| / |weight| outside [1e-8, 10] (median over layers).
UPDATE_RATIO_SMALL = 1e-8
UPDATE_RATIO_LARGE = 10.0

# --- mixed precision (torch.amp.GradScaler: backoff 0.5 per skipped step, growth every 2000) -------

# A healthy scaler skips about one step per growth interval (2000); "most skipped": over half of
# the last AMP_WINDOW steps, once AMP_WINDOW steps are seen. The scale "collapses" below 1: the
# unscaled gradients themselves overflow.
AMP_WINDOW = 8
AMP_SKIP_SHARE = 0.5
AMP_SCALE_FLOOR = 1.0

# --- data parallel ----------------------------------------------------------------------------------

# Replicas differ when a parameter's float64 sum differs across ranks by more than this share of
# its magnitude; DDP keeps replicas bitwise equal, so any drift at all is a bug.
REPLICA_RTOL = 1e-6
