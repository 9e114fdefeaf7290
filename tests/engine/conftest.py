"""Engine fixtures: the bundled KB and the backends that can run here."""

from __future__ import annotations

import pytest

from losshelp.engine.backend import durable_available
from losshelp.engine.reasoner import Engine
from losshelp.kb import default_kb

BACKENDS = [
    "python",
    pytest.param("durable-rules", marks=pytest.mark.skipif(not durable_available(), reason="durable-rules cannot import here")),
]


@pytest.fixture(scope="session")
def kb():
    return default_kb()


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request, kb):
    return Engine(kb, request.param)


@pytest.fixture(scope="session")
def reference(kb):
    return Engine(kb, "python")
