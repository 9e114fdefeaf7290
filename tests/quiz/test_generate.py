"""Generated questions describe what a user observes and never give the answer away; their
distractors are the causes the engine itself ranks next on those observations."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from losshelp.engine.cache import engine_for
from losshelp.kb import default_kb
from losshelp.kb.models import Text
from losshelp.quiz.checks import check_generated_questions
from losshelp.quiz.generate import ENDINGS, generated_questions, gives_away, observations, scenario

KB = default_kb()
GENERATED = generated_questions(KB)
IDS = {e.item.id for e in KB.entries if hasattr(e.item, "id")}


@pytest.mark.parametrize("question", GENERATED, ids=[q.id for q in GENERATED])
def test_a_stem_neither_names_its_cause_nor_shows_an_id(question):
    cause = KB.causes[question.answer[0]]
    assert cause.name.en.lower() not in question.text.en.lower()
    assert cause.name.zh not in question.text.zh
    for lang_text in (question.text.en, question.text.zh):
        words = set(re.findall(r"[a-z0-9_]+", lang_text.lower()))
        assert not {i for i in IDS if "_" in i} & words, lang_text
        assert not re.search(r"\b\\w+_\\w+\b", lang_text) and "(" + cause.id not in lang_text
    assert "即可确认" not in question.text.zh and "this was the cause" not in question.text.en
    assert "confirm" not in question.text.en.lower() and cause.confirm.text.en not in question.text.en


@pytest.mark.parametrize("question", GENERATED, ids=[q.id for q in GENERATED])
def test_the_engine_ranks_the_answer_first_and_the_distractors_next(question):
    cause = KB.causes[question.answer[0]]
    seen, diagnosis = scenario(KB, engine_for(KB), cause)
    for o in seen:  # the stem lists exactly the observations the engine was given
        assert o.text("en") in question.text.en and o.text("zh") in question.text.zh
    ranked = [c.id for c in engine_for(KB).diagnose({o.symptom.id: o.value for o in seen}).causes]
    assert ranked[0] == cause.id
    engine_next = [c for c in ranked[1:] if c in KB.causes][:3]
    distractors = [o.id for o in question.options[1:]]
    assert distractors[: len(engine_next)] == engine_next
    kin = {c.id for c in KB.causes.values() if c.category == cause.category} - {cause.id, *engine_next}
    fillers = distractors[len(engine_next) :]
    assert all(c in kin for c in fillers[: len(kin)])


def test_stems_do_not_all_end_alike():
    endings = Counter(q.text.zh.splitlines()[-1] for q in GENERATED)
    assert set(endings) <= {e.zh for e in ENDINGS} and len(endings) >= 3
    assert max(endings.values()) <= len(GENERATED) / 2


def test_observations_leave_out_symptoms_that_are_the_cause_under_another_name():
    dead = KB.causes["dead_relu"]
    assert "many_dead_relu" not in {o.symptom.id for o in observations(KB, dead)}
    saddle = KB.causes["saddle_point"]
    assert all("saddle" not in o.text("en").lower() for o in observations(KB, saddle))


def test_gives_away_catches_a_name_in_either_language_and_internal_ids():
    cause = KB.causes["lr_too_high"]
    assert gives_away(cause, Text(en=f"It looks like {cause.name.en.lower()}.", zh="无"))
    assert gives_away(cause, Text(en="fine", zh=f"看起来是{cause.name.zh}"))
    assert gives_away(cause, Text(en="curve (shape jump_after_lr_decay)", zh="无"))
    assert not gives_away(cause, Text(en="The loss rises from the first steps.", zh="loss 一开始就上升。"))


def test_lint_reports_a_generated_stem_that_gives_its_answer_away(monkeypatch):
    import losshelp.quiz.checks as checks

    leaky = GENERATED[0].model_copy(update={"text": Text(en=f"Clearly {KB.causes[GENERATED[0].answer[0]].name.en}.", zh="无")})
    monkeypatch.setattr(checks, "generated_questions", lambda kb: [leaky])
    problems = list(check_generated_questions(KB))
    assert [p.kind for p in problems] == ["answer in stem"]
    monkeypatch.setattr(checks, "generated_questions", generated_questions)
    assert list(check_generated_questions(KB)) == []


def test_importing_the_quiz_loads_neither_the_engine_nor_torch():
    import subprocess
    import sys

    code = "import sys, losshelp.quiz; print(sorted(m for m in sys.modules if m.startswith('losshelp.engine') or m == 'torch'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
