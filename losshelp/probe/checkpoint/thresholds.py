"""Thresholds of the checkpoint probes (`probe/checkpoint/`, and `training_state`); a new checkpoint probe puts its thresholds here.

Each says where it comes from: "benchmarks/..." names a script in the repository that measures the
value; "source 00N" is one of the five source documents (see losshelp/kb/data/sources.yaml). Keep
them general: they must hold on runs losshelp has never seen, so each leaves a wide margin around
what healthy runs show.
"""

# --- checkpoint weights (data-free) -------------------------------------------------------------

# Weight scale as r = std(W) * sqrt(fan_in), so 1 / sqrt(fan_in) is r = 1. Initialisers give
# r = 0.58 (PyTorch's default kaiming_uniform(a=sqrt 5)), 1.0 (LeCun), 1.41 (Kaiming normal for ReLU,
# He et al. 2015), <= 1.41 (Xavier, Glorot & Bengio 2010). Healthy training ends at r = 0.64 .. 1.98
# from 0.58 at init (benchmarks/weight_scale.py, MLP and CNN, SGD/Adam/AdamW). Too large: median
# r over layers above 5 (e.g. N(0, 1) init with fan-in >= 25); too small: below 0.1 (a sixth of
# PyTorch's default); the weight-decay fault ends at r ~ 4e-8.
WEIGHT_SCALE_LARGE = 5.0
WEIGHT_SCALE_SMALL = 0.1
# A layer is "near zero" when its RMS weight is below 1 % of 1/sqrt(fan_in): 50x under PyTorch's
# default init, where weight decay has pulled it (source 000 option B, source 002 weight decay).
NEAR_ZERO_RMS = 0.01
# Rows (units, filters) count as identical within 1e-6 of the layer's largest weight; a layer is
# symmetric when at least half its units have an identical twin. Random init never gives a twin.
SYMMETRY_TOLERANCE = 1e-6
SYMMETRY_FRACTION = 0.5
# A ReLU unit is silenced when its bias is below -3 standard deviations of its pre-activation,
# taken as ||w|| for unit-scale inputs (for BatchNorm: beta < -3 |gamma|); a ReLU then fires for
# under 0.14 % of inputs. "Many dead": half a hidden layer silenced (AutoTrainer, Zhang et al.
# 2021, flags dying ReLU at 70 % of units on measured activations; data-free, we flag earlier
# only on this much stricter per-unit test).
DEAD_BIAS_SIGMAS = 3.0
DEAD_LAYER_FRACTION = 0.5

# --- the user's training state (checkpoint against a fresh build of --model) ---------------------

# Weights "grown without bound": the median weight tensor's RMS at 10 times its fresh value or more.
# Healthy training takes std*sqrt(fan_in) from 0.58 at PyTorch's init to 0.64 .. 1.98
# (benchmarks/weight_scale.py), at most 3.4x; 10x leaves a margin of three. Gradients summed over
# steps without zero_grad grow the step, and the weights, with every step (source 001 #7: exploding).
WEIGHT_GROWTH = 10.0
