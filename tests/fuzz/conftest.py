"""Fuzzers of every input format a user hands losshelp, run through the real commands.

The in-process runs diagnose on the pure-Python engine: these fuzzers aim at reading files, and a
native abort of the durable-rules backend (fuzzed on its own in the engine's differential fuzz)
would take the whole test process with it. The subprocess runs use the default backend.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

# CI's machines are slow and shared: no per-example deadline, and a fixed number of examples per format.
settings.register_profile("fuzz", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(autouse=True)
def _python_engine(monkeypatch):
    monkeypatch.setattr("losshelp.engine.backend.durable_available", lambda: False)
