"""Checkpoints, data-free: load a state_dict (or its usual wrappers, safetensors, TorchScript) safely, and measure its tensors."""

from losshelp.probe.checkpoint.load import Checkpoint, load_checkpoint

__all__ = ["Checkpoint", "load_checkpoint"]
