"""The knowledge base: YAML data under `data/`, its schema, loader, lint and search."""

from losshelp.kb.loader import KBError, KnowledgeBase, default_kb, load_kb
from losshelp.kb.models import Cause, Fix, Question, Rule, Source, Symptom, Text

__all__ = [
    "KBError",
    "KnowledgeBase",
    "default_kb",
    "load_kb",
    "Cause",
    "Fix",
    "Question",
    "Rule",
    "Source",
    "Symptom",
    "Text",
]
