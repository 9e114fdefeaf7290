"""A diagnosis where no rule fires must not kill the process (durable-rules freed an unset pointer).

The abort is native (exit 134), so each case runs in a child process and the test reads its status.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from losshelp.engine.backend import durable_available

pytestmark = pytest.mark.skipif(not durable_available(), reason="durable-rules cannot import here")

# The sets the issue reported, each the first diagnosis of its process, and each firing no rule.
QUIET_FIRST = ["lr=0.1", "num_classes=10", "dropout=0.5", "depth=few", "test_loss=nan"]


@pytest.mark.parametrize("fact", QUIET_FIRST)
def test_first_diagnosis_without_firing_lives(fact):
    proc = subprocess.run(
        [sys.executable, "-m", "losshelp", "diagnose", "--set", fact, "--json"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-300:]
    report = json.loads(proc.stdout)
    assert report["causes"] == [] and list(report["facts"]) == [fact.partition("=")[0]]


FRESH_ENGINES = """
from losshelp.engine.reasoner import Engine
from losshelp.kb import default_kb
kb = default_kb()
quiet = [{"lr": 0.1}, {"optimizer": "sgd"}, {"num_classes": 10.0}, {}, {"uses_warmup": "no"}]
for i in range(40):
    engine = Engine(kb, "durable-rules")
    assert engine.diagnose(quiet[i % len(quiet)]).causes == ()
    assert engine.diagnose({"data_shuffled": "no"}).causes
print("lived")
"""


def test_many_fresh_engines_each_first_quiet():
    """Every new engine's first session is the dangerous one: forty of them, each quiet first."""
    proc = subprocess.run([sys.executable, "-c", FRESH_ENGINES], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-300:]
    assert proc.stdout.strip() == "lived"
