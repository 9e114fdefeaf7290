"""Knowledge browser: symptoms -> causes -> fixes as a tree, full-text search, entries with sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Input, Markdown, Tree

from losshelp.engine.answers import causes_by_symptom
from losshelp.kb.describe import describe, title_of
from losshelp.kb.search import SearchIndex
from losshelp.present import say
from losshelp.tui.i18n import t
from losshelp.tui.screens.base import LocalizedScreen

if TYPE_CHECKING:
    from losshelp.kb import KnowledgeBase


class BrowseScreen(LocalizedScreen):
    """Read the knowledge base: pick an entry in the tree or search for one."""

    AUTO_FOCUS = "#kb-tree"
    BINDINGS = [Binding("slash", "search", "key_search")]

    def __init__(self, lang: str, kb: KnowledgeBase) -> None:
        super().__init__(lang)
        self.kb = kb

    def compose(self) -> ComposeResult:
        with Horizontal(id="browse"):
            with Vertical(id="browse-left"):
                yield Input(id="search")
                yield Tree("", id="kb-tree")
            with VerticalScroll(id="browse-right"):
                yield Markdown(id="entry")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._index = SearchIndex(self.kb)
        self._shown: str | None = None
        super().on_mount()

    def relabel(self, lang: str) -> None:
        self.query_one("#search", Input).placeholder = t("browse_search", lang)
        self._fill_tree(self.query_one("#search", Input).value)
        self._show(self._shown)

    def _fill_tree(self, query: str) -> None:
        kb, lang = self.kb, self.lang
        tree = self.query_one("#kb-tree", Tree)
        tree.clear()
        tree.show_root = False
        if query.strip():
            hits = self._index.search(query, limit=30)
            node = tree.root.add(f"{t('browse_results', lang)} ({len(hits)})" if hits else t("browse_no_results", lang), expand=True)
            for hit in hits:
                entry = kb.find(hit.id)
                if entry is not None:
                    node.add_leaf(title_of(entry.item, lang), data=hit.id)
            return
        symptoms = tree.root.add(t("browse_symptoms", lang), expand=True)
        for symptom_id, cause_ids in causes_by_symptom(kb).items():
            symptom = symptoms.add(kb.symptoms[symptom_id].question.get(lang), data=symptom_id)
            for cause_id in cause_ids:
                self._add_cause(symptom, cause_id)
        causes = tree.root.add(t("causes", lang))
        for cause_id in kb.causes:
            self._add_cause(causes, cause_id)
        sources = tree.root.add(say("kb.sources", lang))
        for source in kb.sources.values():
            sources.add_leaf(source.title.get(lang), data=source.file)

    def _add_cause(self, parent, cause_id: str) -> None:
        kb, lang = self.kb, self.lang
        cause = kb.causes[cause_id]
        node = parent.add(cause.name.get(lang), data=cause_id)
        for fix_id in cause.fixes:
            if fix_id in kb.fixes:
                node.add_leaf(kb.fixes[fix_id].title.get(lang), data=fix_id)

    def _show(self, entry_id: str | None) -> None:
        kb = self.kb
        entry = kb.find(entry_id) if entry_id else None
        self._shown = entry_id if entry else None
        text = describe(kb, entry, self.lang, plain=True) if entry else t("browse_pick", self.lang)
        self.query_one("#entry", Markdown).update(text)

    def show_entry(self, entry_id: str) -> None:
        """Open one entry from elsewhere in the app."""
        self._show(entry_id)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill_tree(event.value)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node.data:
            self._show(event.node.data)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search box jumps to the best hit."""
        tree = self.query_one("#kb-tree", Tree)
        tree.focus()
        first = tree.root.children[0] if tree.root.children else None
        if first is not None and first.children:
            tree.move_cursor(first.children[0])
