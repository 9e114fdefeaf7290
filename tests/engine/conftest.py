"""Engine fixtures: the backends that can run here, on the bundled KB (`kb`, tests/conftest.py)."""

from __future__ import annotations

import pytest

from losshelp.engine.backend import durable_available
from losshelp.engine.reasoner import Engine

BACKENDS = [
    "python",
    pytest.param("durable-rules", marks=pytest.mark.skipif(not durable_available(), reason="durable-rules cannot import here")),
]


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request, kb):
    return Engine(kb, request.param)


@pytest.fixture(scope="session")
def reference(kb):
    return Engine(kb, "python")
