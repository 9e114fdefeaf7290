"""Interview-practice quiz: question bank, sessions, spaced repetition, progress store.

Everything a front end needs is here; the line mode (`losshelp quiz`) and the terminal
app present it and hold no quiz logic of their own.
"""

from losshelp.quiz.bank import question_bank, with_tags
from losshelp.quiz.generate import generated_questions
from losshelp.quiz.grade import Graded, Note, is_right
from losshelp.quiz.present import Presented, present
from losshelp.quiz.progress import Progress, Record
from losshelp.quiz.schedule import NEW_PER_DAY, plan, record_answer
from losshelp.quiz.session import Session, Settings, start_session
from losshelp.quiz.stats import Stats, profile_stats
from losshelp.quiz.store import Loaded, load_progress, save_progress
from losshelp.quiz.summary import Summary, TagScore, summarize
from losshelp.quiz.tags import TAGS, parse_tags, tag_label

__all__ = [
    "NEW_PER_DAY",
    "TAGS",
    "Graded",
    "Loaded",
    "Note",
    "Presented",
    "Progress",
    "Record",
    "Session",
    "Settings",
    "Stats",
    "Summary",
    "TagScore",
    "generated_questions",
    "is_right",
    "load_progress",
    "parse_tags",
    "plan",
    "present",
    "profile_stats",
    "question_bank",
    "record_answer",
    "save_progress",
    "start_session",
    "summarize",
    "tag_label",
    "with_tags",
]
