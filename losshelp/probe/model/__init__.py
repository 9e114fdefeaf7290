"""Measurements of a model with a batch of data: pure functions, tensors in, numbers out.

Each measurement works on a deep copy of the model and keeps every tensor on the device it is
given. The probe wrappers that turn these numbers into facts live in `losshelp.probe.model.probes`.
"""
