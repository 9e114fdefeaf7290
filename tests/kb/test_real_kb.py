"""The bundled knowledge base: complete, lint-clean, and documented by its coverage table."""

from __future__ import annotations

import re
from pathlib import Path

from losshelp.kb import default_kb
from losshelp.kb.coverage import coverage_markdown
from losshelp.kb.lint import lint

CANONICAL_CAUSES = """lr_too_high lr_too_low lr_schedule over_regularization saddle_point local_minimum bad_init
model_too_simple poor_features vanishing_gradient dead_relu exploding_gradient wrong_loss_function
optimizer_choice training_too_short batch_size_too_large batch_size_too_small data_not_shuffled noisy_labels
class_imbalance data_loading_bug inputs_not_normalized training_loop_bug overfitting distribution_mismatch""".split()

CANONICAL_FACTS = {
    "train_loss": {"decreasing", "flat", "rising", "oscillating", "nan"},
    "val_loss": {"decreasing", "flat", "rising", "oscillating", "nan"},
    "test_loss": {"decreasing", "flat", "rising", "oscillating", "nan"},
    "curve_shape": {"initial_rise", "drop_then_plateau", "slow_throughout", "jump_after_lr_decay", "smooth"},
    "stage": {"first_epochs", "later"},
    "optimizer": {"sgd", "momentum", "adam", "adamw", "rmsprop", "adagrad", "other"},
    "activation": {"relu", "leaky_relu", "sigmoid", "tanh", "gelu", "other"},
    "init": {"default", "zeros", "constant", "normal_large", "normal_small"},
}
CANONICAL_YESNO = ["data_shuffled", "inputs_normalized", "uses_batchnorm", "loss_matches_task"]
CANONICAL_NUMBERS = ["lr", "weight_decay", "dropout", "batch_size", "epochs", "num_classes", "depth", "loss_value"]


def test_the_bundled_kb_lints_clean():
    assert [str(p) for p in lint(default_kb())] == []


def test_every_canonical_cause_has_a_fix_a_source_and_both_languages():
    kb = default_kb()
    for cause_id in CANONICAL_CAUSES:
        cause = kb.causes[cause_id]
        assert cause.fixes and all(f in kb.fixes for f in cause.fixes), cause_id
        assert cause.sources, cause_id
        assert cause.name.en and cause.name.zh and cause.description.en and cause.description.zh, cause_id
        assert cause.confirm.symptoms or cause.confirm.probes, cause_id


def test_the_canonical_facts_and_values_exist():
    kb = default_kb()
    for fact, values in CANONICAL_FACTS.items():
        assert set(kb.symptoms[fact].answers) == values, fact
    for fact in CANONICAL_YESNO:
        assert kb.symptoms[fact].kind == "yesno", fact
    for fact in CANONICAL_NUMBERS:
        assert kb.symptoms[fact].kind == "number", fact


def test_every_source_document_exists_and_every_section_is_cited():
    kb = default_kb()
    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    assert len(kb.sources) == 5
    if seeds.is_dir():  # the documents sit beside the checkout in development
        assert {p.name for p in seeds.glob("*.txt")} == set(kb.sources)
    assert "**nothing**" not in coverage_markdown(kb)


def test_the_readme_coverage_table_is_the_generated_one():
    readme = (Path(__file__).resolve().parents[2] / "losshelp" / "kb" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- coverage:start -->\n(.*?)<!-- coverage:end -->", readme, re.S)
    assert block, "losshelp/kb/README.md lacks the coverage markers"
    assert block.group(1).strip() == coverage_markdown(default_kb()).strip(), "re-run `losshelp kb coverage` and paste it"


def test_symptom_label_in_each_language():
    kb = default_kb()
    trend = kb.symptoms["train_loss"]
    assert trend.label("flat", "en") == trend.labels["flat"].en and trend.label("flat", "zh") == trend.labels["flat"].zh
    assert trend.label("sideways", "en") is None and kb.symptoms["lr"].label(0.1, "en") is None


def test_producers_name_every_rule_that_concludes_a_fact():
    kb = default_kb()
    made = kb.producers()["generalization_problem"]
    assert {rule.id for _, rule in made} >= {"val_gap_yes", "trend_overfitting_flat", "trend_overfitting_rising"}
    assert {value for value, _ in made} == {"yes"}
    assert not any(fact in kb.symptoms for fact in kb.producers())
