"""Measurements of a checkpoint, a model with data, or a loss log, turned into facts."""
