"""Thresholds and budgets of the model probes (`probe/model/`); a new model probe puts its thresholds here.

Each says where it comes from. Torch-free so that the probe registry can be read without importing
torch. "Fault zoo" means the measurements of `python -m benchmarks.fault_zoo.run` (benchmarks/fault_zoo/README.md).
"""


# --- outputs ---
# The loss counts as "at chance" within 5 % of the band between the label prior's entropy (the best
# constant prediction) and ln C (uniform guessing). Karpathy's "verify loss @ init" recipe checks
# the same band. Fault zoo: stuck runs sit within 2 % of ln C, every other run at least 13 % below it.
CHANCE_TOLERANCE = 0.05
# One class for (almost) every input: 95 % of predictions on one class while the labels' own
# majority class holds less than that. Fault zoo: runs stuck at chance 95..100 % (ties go to one
# class), healthy runs 21..36 %.
COLLAPSE_SHARE = 0.95

# --- gradients ---
# AutoTrainer (Zhang et al., ICSE 2021) flags vanishing gradients when the first layer's gradient
# norm is below 1e-3 of the last layer's, and exploding ones above 70. Fault zoo: healthy runs
# 0.44..2.0, the deep sigmoid run 2.6e-10, the tiny-init run 1.7e-5; the exploding run only 0.25
# (every layer explodes alike), which is why the total norm below is checked too.
VANISHING_RATIO = 1e-3
EXPLODING_RATIO = 70.0
# A total gradient norm this large (or NaN) is exploding whatever the ratio; gradient clipping is
# usually set at 1..5. Fault zoo: healthy runs 0.03..0.42, unnormalised inputs 120, the flipped sign
# 190, the exploding run 9.3e3.
EXPLODING_NORM = 1e3
# CS231n (Karpathy): updates should be about 1e-3 of the weights per step; two orders of magnitude
# either way (above 1e-1, below 1e-5) the learning rate is far off. Fault zoo: healthy runs
# 5e-4..8e-3, lr 1e-5 with SGD 5.8e-7, the exploding run 1.2.
UPDATE_RATIO_HEALTHY = 1e-3
UPDATE_RATIO_LOW = 1e-5
UPDATE_RATIO_HIGH = 1e-1
# The loss counts as rising when, after a few small steps, it is this much above where it started
# (relative), on a fixed batch where descent must lower it. Fault zoo: every run but one falls or
# stays within 0.1 %; the flipped-sign run's cross-entropy rises 6.5 %.
RISE_TOLERANCE = 0.01
RISE_STEPS = 5
# The steps run at the user's lr capped here (Adam's and torch-lr-finder's usual default), so a too-high
# lr does not pass for a flipped sign. The rules `rises_on_step` and `rises_at_small_lr` rely on this
# cap (a test keeps them equal).
RISE_MAX_LR = 1e-3

# --- activations ---
# Batches the hooks see: a unit is dead only if it is zero on all of them (one batch of a few classes
# can leave class-specific units silent; fault zoo: 0.46 on one unshuffled batch, 0.34 over four).
ACTIVATION_BATCHES = 4
# AutoTrainer (Zhang et al., ICSE 2021) calls ReLUs dying when 70 % of the units are dead. Fault zoo:
# healthy ReLU nets 0..0.03, unshuffled and over-regularised runs 0.30..0.34, the too-high lr 0.50,
# the negative-bias run 0.98; 0.5 flags the lr that killed half the units, which 0.7 would miss.
# Judged per layer (the deadest one): a single fully dead layer (84 of 84 units in a LeNet head, or one
# dead output unit) cuts the network while the pooled share over all units stays near 0.4 or below.
DEAD_RELU_FRACTION = 0.5
# A sigmoid output below 0.01 or above 0.99 (|tanh| above 0.98) has a derivative under 1 % of its peak.
SIGMOID_EDGE = 0.01
TANH_EDGE = 0.98
# Most outputs in the flat range. Fault zoo: the large-weight sigmoid run 0.83, the other sigmoid and
# tanh nets 0..0.01.
SATURATED_FRACTION = 0.5

# --- data_stats ---
# The data is read as a whole up to 200 batches or 2 s (at least one batch), whichever comes first:
# sorted data shows one class in its first batches, and a loader repeating one batch looks like any
# other. 200 batches of 64 cover 12,800 samples; 2 s is a fifth of the 10 s a probe run may take.
# The model probes measure a uniform reservoir of 8 of the batches read (they ran on the first 8).
DRAW_BATCHES = 200
DRAW_SECONDS = 2.0
KEEP_BATCHES = 8
# A loader draws without replacement within an epoch, so no batch repeats exactly until the data set
# ends (and then, shuffled, not at all); one that hands back the same batch repeats (n-1)/n of those
# read (87.5 % of 8). Above 10 % of the batches repeating an earlier one exactly is a loading bug,
# unless the repeats restart the data in the same order (an unshuffled epoch ending inside the read).
BATCH_REPEAT_FRACTION = 0.1
# Standardised features have |mean| and std near 1; a feature whose mean or std exceeds 10 (raw
# pixel values 0..255, prices, counts) or scales that differ 100-fold between features are not
# normalised. Fault zoo: the unnormalised run has |mean| 1.3e3, std 1.1e3 and a 940-fold spread;
# the others stay below 1.5 (mean, std) and 15 (spread).
FEATURE_SCALE_LIMIT = 10.0
FEATURE_SPREAD_LIMIT = 100.0
# Largest class 10 times the smallest: the common "severe imbalance" line; sampling noise in a few
# batches of 64 with 10 balanced classes stays below 4. Fault zoo: the imbalanced run 81, the
# others 1.2..2.4 (the sorted run 5.1: its first batches cover few classes).
IMBALANCE_RATIO = 10.0
# Balance is judged for classification with at most 100 classes (CIFAR-100's count). Beyond that the
# targets are a vocabulary: word frequencies follow Zipf's law (the r-th commonest word ~ 1/r), so a
# 1000-fold spread is the language, not a fault, and the rarest class of a sample is seen once or never.
IMBALANCE_MAX_CLASSES = 100
# Labels in runs 3 times longer than shuffled data would give. Fault zoo: the sorted run 70x,
# shuffled runs 0.99..1.0x.
RUN_LENGTH_RATIO = 3.0
# More than 5 % of the samples repeat another one exactly.
DUPLICATE_FRACTION = 0.05

# --- recurrent ---
# Pascanu, Mikolov & Bengio (2013): gradients through time can only explode when the recurrent matrix's
# largest singular value exceeds 1/gamma, gamma bounding the nonlinearity's derivative (1 for tanh,
# 1/4 for a sigmoid gate). A gate block above 4 passes that bound even for sigmoid gates. PyTorch's
# default init (uniform +-1/sqrt(H)) gives 1.15 per block at H = 256; the LSTM whose weights had grown
# 17.6-fold gives about 20.
RECURRENT_GAIN_LIMIT = 4.0

# --- fitting ---
# Karpathy's "overfit one batch" recipe: Adam at 1e-3 should drive one batch's loss close to zero.
# Passing = the loss falls to 10 % of where it started (or below 0.01) within 100 steps; the fault
# zoo's capable models reach 0..3 % of the start, the broken, saturated, too simple or unshuffled
# ones stay at 18..98 % (the flipped sign: its cross-entropy grows 3-fold).
OVERFIT_STEPS = 100
OVERFIT_FRACTION = 0.1
OVERFIT_FLOOR = 0.01
# Source 003: a shallower model is easier to optimise; if it reaches a loss 10 % lower than the
# user's model under the same budget, the deep model's optimisation failed (not its capacity).
SHALLOW_STEPS = 50  # 100 doubled the suite's time on a 1M-parameter model (benchmarks/model_suite.py)
SHALLOW_MARGIN = 0.1
SHALLOW_WIDTH = 64

# --- lr_range ---
# torch-lr-finder's defaults: 100 steps from 1e-7 to 10, exponential smoothing 0.05, stop once the
# smoothed loss exceeds 5x the best.
LR_START = 1e-7
LR_END = 10.0
LR_STEPS = 100
SMOOTHING = 0.05
DIVERGE_FACTOR = 5.0
# Verdicts are taken against the lr where the smoothed loss bottoms out (the steepest-descent point
# is reported, but it moves with the smoothing's lag and with noisy batches). Smith (2017, 2018) sets
# the largest good lr at about a tenth of it: an lr above half of it is too high; four decades below
# it (three below Smith's choice) is too low. Fault zoo: healthy runs sit 40..170x below it, the
# too-high run at 0.8x, the too-low run at 1.6e5x; the stuck runs span 20..6000x.
TOO_HIGH_FACTOR = 2.0
TOO_LOW_FACTOR = 1e4
# The sweep must lower the smoothed loss by 5 % somewhere for any verdict.
MIN_DESCENT = 0.05

# --- hessian ---
# Near a critical point the best gradient step (lr = 1/lambda_max) removes |g|^2 / (2 lambda_max) of
# the loss (g: the gradient of the mean loss over the batches given); below 1 % of the loss the
# first-order term is negligible and the Hessian decides (source 004: "when the gradient is small").
# Scale-free: multiplying the loss by c leaves the ratio alone. Fault zoo: runs still descending
# measure 0.016..0.15 (healthy ones, the too-low lr, unnormalised inputs), stuck runs 0.0008..0.006.
CRITICAL_DECREASE = 1e-2
# A negative eigenvalue makes a saddle when it reaches a tenth of the largest one: trained networks
# show small negative eigenvalues everywhere from non-convexity and estimation noise (Sagun et al.
# 2017; Ghorbani et al. 2019: a few % of lambda_max). Fault zoo: -0.01..-0.08 on plateaus and near
# minima, -0.2..-0.75 where the stuck point is a saddle of the data loss (the origin-saddle run -0.61).
NEGATIVE_CURVATURE = 0.1
# A local minimum needs (nearly) every non-flat eigenvalue positive (the knowledge base's rule reads a
# minimum ratio of 0.99 as "all positive"; SLQ with 3 vectors is good to a few %) and most directions
# curved: a spectrum that is mostly flat (dead units, a detached body: > half the mass within 1e-3 of
# zero) is a plateau, which neither the saddle nor the minimum story describes.
MINIMUM_SHARE = 0.9
FLAT_SHARE = 0.5
# Budgets of the Hessian probe. Lanczos stops when both extreme Ritz pairs have residuals below 1e-3
# of the spectral scale (benchmarks/hessian.py: 18 products on a trained 77k-parameter MLP, against
# 481 for power iteration) or after 40 steps; a model with at most 40 parameters gets its whole
# spectrum. SLQ (Ubaru et al. 2017) reuses that run and adds one 20-step run (2 samples in all).
LANCZOS_TOL = 1e-3
LANCZOS_MAX_STEPS = 40
SLQ_VECTORS = 2
SLQ_STEPS = 20
# Halvings of the unit escape step before giving up (down to 2^-11).
ESCAPE_HALVINGS = 12

# --- time ---
# A whole probe run should take at most 10 s on one CPU core for a model up to 1M parameters and 8
# batches. The two probes whose cost grows with the steps they take get a time budget each and stop
# early (saying so) when it is spent: Lanczos and SLQ after the Hessian-vector product in hand (at
# least 3 products), the LR range test by taking fewer, larger lr steps over the same span (at least
# 20: torch-lr-finder's plots resolve the minimum with about that many). With the data's 2 s they
# leave 4 s for the other probes. benchmarks/probe_time.py (CPU seconds, one thread): a 1M-parameter
# MLP at most 7.9 s in all, a 0.97M-parameter LSTM language model 9.9..11.2 s over two runs, of it
# 4.9..6.0 s overfit_one_batch.
HESSIAN_SECONDS = 2.5
# The mean gradient over the batches (which decides "critical") gets up to a quarter of the Hessian's
# budget before Lanczos takes the rest: 8 batches of the LSTM language model need about 0.5 s.
GRADIENT_SHARE = 0.25
LR_RANGE_SECONDS = 1.5
# Overfit-one-batch was the one expensive probe left unbudgeted: 4.9..6.0 s of the LSTM language
# model's run above. Its 100 Adam steps get 2 s; a run stopped early that has already fallen to 10 %
# passes, one that has not is left unjudged (the loss may only need the steps it did not get).
OVERFIT_SECONDS = 2.0
LR_MIN_STEPS = 20
