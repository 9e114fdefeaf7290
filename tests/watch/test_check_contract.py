"""Every check's contract with the knowledge base and its users: its fact is a KB symptom that some
rule uses, the values it sets are that symptom's answers, and its words exist in en and zh."""

from __future__ import annotations

import io

import pytest

import losshelp
from losshelp.errors import InputError
from losshelp.kb import default_kb
from losshelp.watch.checks import ALL_CHECKS
from losshelp.watch.checks.base import check_words

pytestmark = pytest.mark.torch


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.name)
def test_check_sets_a_kb_fact_with_a_valid_value(check):
    kb = default_kb()
    symptom = kb.symptoms[check.fact]
    used = {cond.fact for rule in kb.rules.values() for cond in rule.when}
    assert check.fact in used, f"no rule reasons over {check.fact}"
    for value in (check.fires, check.quiet):
        if value is None:
            assert symptom.kind == "number" or value is check.quiet
        else:
            assert value in symptom.answers, (check.name, value)
    assert check.threshold and check.source


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.name)
def test_check_words_in_both_languages(check):
    words = check_words()[check.name]
    for key in ("what", "fix"):
        assert words[key]["en"].strip() and words[key]["zh"].strip(), (check.name, key)


def test_alerts_speak_the_chosen_language(tmp_path):
    import torch
    from torch import nn

    model = nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    out = io.StringIO()
    with losshelp.watch(model, opt, log_dir=str(tmp_path), lang="zh", stream=out) as w:
        for _ in range(3):
            loss = model(torch.randn(8, 4)).sum()
            loss.backward()
            opt.step()
            w.loss(loss)
    assert "从未调用 zero_grad" in out.getvalue()
    assert "训练代码有 bug" in out.getvalue()  # the summary names the cause in zh too


def test_unknown_check_name_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="grads_accumulate"):
        losshelp.watch(None, None, log_dir=str(tmp_path), checks=["no_such_check"])
