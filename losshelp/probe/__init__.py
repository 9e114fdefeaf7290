"""Measurements of a checkpoint, a model with data, or a loss log, turned into facts.

The API for probe authors: `register` a function `ProbeInputs -> list[Finding]` with the inputs it
`needs`; `select` and `run_probes` run them. torch is imported only where a probe needs it.
"""

from losshelp.probe.base import NEEDS, Finding, Probe, ProbeInputs
from losshelp.probe.errors import ProbeInputError
from losshelp.probe.registry import all_probes, register, select
from losshelp.probe.runner import ProbeReport, run_probes

__all__ = [
    "NEEDS",
    "Finding",
    "Probe",
    "ProbeInputs",
    "ProbeInputError",
    "ProbeReport",
    "all_probes",
    "register",
    "run_probes",
    "select",
]
