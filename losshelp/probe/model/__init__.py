"""Measurements of a model with a batch of data: pure functions, tensors in, numbers out.

Each measurement works on a deep copy of the model and keeps every tensor on the device it is
given. The probes that turn these numbers into facts live in `setup_probes`, `signal_probes` and
`experiment_probes`, on the pieces of `findings`; their thresholds in `thresholds`.
"""
