"""The knowledge base's schema: pydantic models that every YAML file is validated against on load.

The schema checks shape and types only; completeness (translations, citations, references) is
`lint`'s job, so that one run can list every problem instead of stopping at the first.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Id = Field(pattern=r"^[a-z][a-z0-9_]*$")
LANGS = ("en", "zh")


class Strict(BaseModel):
    """Base for every KB model: unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(Strict):
    """One piece of text in both languages; lint reports an empty one as a missing translation."""

    en: str = ""
    zh: str = ""

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to the other language when that one is missing."""
        return getattr(self, lang, "") or self.en or self.zh


class Section(Strict):
    """A part of a source document that knowledge-base entries cite as `FILE#SECTION`."""

    id: str
    title: Text


class Source(Strict):
    """One of the source documents the knowledge is taken from."""

    file: str
    title: Text
    sections: list[Section]


class Reference(Strict):
    """A named public reference (a paper, a well-known guide) that a question may cite as `ref:ID`
    for knowledge beyond the five source documents."""

    id: str = Id
    title: str
    authors: str
    year: int = Field(ge=1900, le=2100)
    url: str = Field(pattern=r"^https?://")


class Symptom(Strict):
    """A fact a user can state or a probe can measure, with the question that asks for it."""

    id: str = Id
    kind: Literal["choice", "yesno", "number"]
    values: list[str] = []
    labels: dict[str, Text] = {}
    question: Text
    hint: Text = Text()
    probe: str | None = None
    ask: bool = True
    bands: dict[str, float] = {}
    """For a number: ranges a user can pick instead of typing the number, each with the value it
    stands for (labelled in `labels`); a picked band states that value."""
    unit: str | None = None
    sources: list[str] = []

    @model_validator(mode="after")
    def _values_match_kind(self) -> Symptom:
        if self.kind == "choice" and not self.values:
            raise ValueError("a 'choice' symptom needs a non-empty 'values' list")
        if self.kind != "choice" and self.values:
            raise ValueError(f"a '{self.kind}' symptom takes no 'values' list")
        if self.kind != "number" and self.bands:
            raise ValueError("only a 'number' symptom takes 'bands'")
        return self

    @property
    def answers(self) -> list[str]:
        """The answer values the fact accepts (numbers accept any number; see `kind`)."""
        return ["yes", "no"] if self.kind == "yesno" else list(self.values)

    @property
    def options(self) -> list[str]:
        """The answers a question offers: the values, or a number's bands (empty for a bare number)."""
        return list(self.bands) if self.kind == "number" else self.answers

    def label(self, value: object, lang: str) -> str | None:
        """The words for answer `value` in `lang`, or None when the KB gives it none (numbers, free values)."""
        text = self.labels.get(str(value))
        return text.get(lang) if text else None

    @property
    def askable(self) -> bool:
        """The wizard may ask it: marked `ask` and with answers (or bands) to pick from."""
        return self.ask and bool(self.options)


class Confirm(Strict):
    """How to confirm a cause: the symptoms and probes that speak for it, and a sentence."""

    symptoms: list[str] = []
    probes: list[str] = []
    text: Text = Text()


class Cause(Strict):
    """A reason the loss does not fall."""

    id: str = Id
    name: Text
    description: Text
    category: Literal["optimization", "model", "data", "regularization", "training", "generalization"]
    confirm: Confirm
    fixes: list[str] = []
    sources: list[str] = []


# What a fix's snippet may take from the reader's own code: each name stands for one object that a
# training script has at hand (tests build a small stand-in for each and run the snippet with them).
SnippetNeed = Literal[
    "model",
    "optimizer",
    "scheduler",
    "loss_fn",
    "loss",
    "x",
    "y",
    "loader",
    "train_loader",
    "val_loader",
    "eval_loader",
    "train_set",
    "val_set",
    "train_x",
    "test_x",
    "train_labels",
    "in_features",
    "num_classes",
    "initial_state",
    "step",
    "device",
    "hidden_activations",
    "useless_columns",
    "show_images",
    "train_one_epoch",
    "evaluate",
    "train",
    "train_and_validate",
    "make_model",
]


class Fix(Strict):
    """A remedy with concrete steps and, where one applies, a short PyTorch snippet.

    A snippet declares what it takes from the reader's code (`needs`, from `SnippetNeed`) and the
    packages it imports that losshelp does not depend on (`requires`), so that it can be run."""

    id: str = Id
    title: Text
    steps: list[Text]
    snippet: str | None = None
    needs: list[SnippetNeed] | None = None
    requires: list[str] = []
    sources: list[str] = []


COMPARISONS = ("gt", "ge", "lt", "le")
"""The ordering tests a condition may make on a number."""


class Condition(Strict):
    """One test on one fact; exactly one comparison is given."""

    fact: str
    is_: str | float | None = Field(default=None, alias="is")
    in_: list[str] | None = Field(default=None, alias="in")
    not_: str | None = Field(default=None, alias="not")
    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None

    @model_validator(mode="after")
    def _one_comparison(self) -> Condition:
        given = [k for k in ("is_", "in_", "not_", *COMPARISONS) if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a condition takes exactly one of is, in, not, gt, ge, lt, le")
        return self

    @property
    def comparison(self) -> tuple[str, float] | None:
        """(gt|ge|lt|le, bound) for an ordering test; None for is, in and not."""
        return next(((op, getattr(self, op)) for op in COMPARISONS if getattr(self, op) is not None), None)


class Conclusion(Strict):
    """What a rule concludes: a cause with a weight in [-1, 1], or an intermediate fact."""

    cause: str | None = None
    weight: float | None = Field(default=None, ge=-1.0, le=1.0)
    fact: str | None = None
    value: str | None = None

    @model_validator(mode="after")
    def _cause_or_fact(self) -> Conclusion:
        if (self.cause is None) == (self.fact is None):
            raise ValueError("a conclusion names either a 'cause' (with 'weight') or a 'fact' (with 'value')")
        if self.cause is not None and self.weight is None:
            raise ValueError("a cause conclusion needs a 'weight' in [-1, 1]")
        if self.fact is not None and self.value is None:
            raise ValueError("a fact conclusion needs a 'value'")
        return self


class Rule(Strict):
    """If every condition holds, assert each conclusion; `because` says why in plain words."""

    id: str = Id
    when: list[Condition] = Field(min_length=1)
    then: list[Conclusion] = Field(min_length=1)
    because: Text
    sources: list[str] = []
    observation: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    """Rules naming the same observation read one thing seen in the run (e.g. `plateau`: the loss
    stopped falling); for each cause only the strongest of them counts, so correlated signs do not add up."""


class Computed(Strict):
    """A number the engine computes from stated numbers before the rules run, e.g. the chance-level
    loss ln C from `num_classes`; rules test it like any number fact."""

    id: str = Id
    op: Literal["ln", "ratio"]
    args: list[str] = Field(min_length=1, max_length=2)
    because: Text
    sources: list[str] = []

    @model_validator(mode="after")
    def _arity(self) -> Computed:
        if len(self.args) != {"ln": 1, "ratio": 2}[self.op]:
            raise ValueError(f"'{self.op}' takes {'one argument' if self.op == 'ln' else 'two arguments'}")
        return self


# The quiz's fixed topic vocabulary: a question's tags must come from here, so that practice by
# topic and the per-topic score never split one topic over two spellings.
QuestionTag = Literal[
    "learning_rate",
    "regularization",
    "optimizer",
    "critical_points",
    "batch_size",
    "data",
    "overfitting",
    "curves",
    "initialization",
    "activation",
    "gradients",
    "generalization",
    "diagnosis",
    "normalization",
    "model_capacity",
    "loss_function",
    "hyperparameters",
]


class Option(Strict):
    """One option of a quiz question, with why it is right or wrong; `last` pins it after shuffling."""

    id: str
    text: Text
    explain: Text
    last: bool = False


class Question(Strict):
    """An interview-practice question; `causes` lets a wrong answer open the right KB entries."""

    id: str = Id
    kind: Literal["single", "multi", "truefalse", "scenario"]
    text: Text
    options: list[Option] = Field(min_length=2)
    answer: list[str] = Field(min_length=1)
    tags: list[QuestionTag] = []
    difficulty: int = Field(default=2, ge=1, le=5)
    causes: list[str] = []
    sources: list[str] = []


Item = Source | Reference | Symptom | Cause | Fix | Rule | Computed | Question
"""Any entry of a collection; an entry's model is known from its collection (see COLLECTIONS)."""

# The top-level key of each YAML file and the model of each entry under it.
COLLECTIONS: dict[str, type[Item]] = {
    "sources": Source,
    "references": Reference,
    "symptoms": Symptom,
    "causes": Cause,
    "fixes": Fix,
    "rules": Rule,
    "computed": Computed,
    "questions": Question,
}


class MeasuredWeight(Strict):
    """A rule's weight for one cause as measured on the fault benchmark's dev split
    (benchmarks/faultgen/calibrate.py), with its provenance; it replaces the hand-set weight."""

    rule: str
    cause: str
    weight: float = Field(ge=-1.0, le=1.0)
    hand: float = Field(ge=-1.0, le=1.0)
    runs: int = Field(ge=0)
    """Dev runs on which the rule fired."""
    p_cause_given_rule: float = Field(ge=0.0, le=1.0)
    """Share of those runs whose true cause is `cause`."""
    basis: Literal["measured", "rule_scale"] = "measured"
    """`rule_scale`: no dev run can carry `cause`, so the hand weight is scaled by how the rule's
    measured weights for the causes that can be measured compare with their hand weights."""
    p_cause: float = Field(ge=0.0, le=1.0)
    """Share of all dev runs whose true cause is `cause` (the base rate the rule is measured against)."""


class EvidenceGroup(Strict):
    """Rules that read one underlying observation: for `cause`, only the strongest of them counts."""

    id: str = Id
    cause: str
    rules: list[str] = Field(min_length=2)


class Prior(Strict):
    """A cause's share of real reports of training faults, from `Evidence.prior_source`."""

    cause: str
    share: float = Field(ge=0.0, le=1.0)


class Evidence(Strict):
    """The measured evidence file (`evidence.yaml`): measured weights, groups of correlated rules, priors.
    Empty, the engine combines the rules' hand-set weights as before."""

    method: str = ""
    prior_source: str = ""
    prior_weight: float = Field(default=0.0, ge=0.0, le=0.5)
    """The weight a prior adds, for the most common cause, to a cause that some rule supports."""
    weights: list[MeasuredWeight] = []
    groups: list[EvidenceGroup] = []
    priors: list[Prior] = []
