"""A spaCy component: ``nlp.add_pipe("quotestance")`` gives ``doc._.quotes``.

The component is just ``Doc -> Doc``: it reads the parse the pipeline already
made and stores the quotes (with offsets into ``doc.text``) on the Doc. For the
parse ``extract_quotes`` reads, with web boilerplate lines kept out of the
sentences around them, add ``nlp.add_pipe("quotestance_line_breaks",
before="parser")`` too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import Config
from .attribution.pipeline import quotes_from_doc

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class QuotestanceComponent:
    """Holds the roster and settings; called once per Doc."""

    def __init__(self, roster: dict[str, list[str]] | None, attitudes: bool, learned_reported: bool = False):
        self.roster = roster
        self.config = Config(attitudes=attitudes, learned_reported=learned_reported)

    def __call__(self, doc: "Doc") -> "Doc":
        if not doc.has_annotation("DEP"):
            from .errors import QuotestanceError

            raise QuotestanceError('the "quotestance" component needs a parser before it: add it after "parser"')
        doc._.quotes = quotes_from_doc(doc, self.roster, self.config)
        return doc


def make_component(nlp: "Language", name: str, roster: dict[str, list[str]] | None = None, attitudes: bool = False,
                   learned_reported: bool = False) -> QuotestanceComponent:
    from spacy.tokens import Doc

    if not Doc.has_extension("quotes"):
        Doc.set_extension("quotes", default=None)
    return QuotestanceComponent(roster, attitudes, learned_reported)


def _register() -> Any:
    from spacy.language import Language

    from .attribution.lines import register

    if "quotestance" not in Language.factories:
        Language.factory("quotestance", default_config={"roster": None, "attitudes": False, "learned_reported": False})(make_component)
    register()


_register()
