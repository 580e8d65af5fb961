"""A spaCy pipeline component: the figures of a Doc as labelled spans.

Registered as the factory ``newsfig`` and exposed through the ``spacy_factories`` entry point,
so after installing the package::

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("newsfig")
    doc = nlp(text)
    for span in doc.spans["figures"]:
        span.label_, span._.figure.value, span._.figure.metric

The component is the usual two stages: :meth:`NewsfigComponent.match` runs the newsfig
pipeline on ``doc.text`` (so every offset indexes the Doc's text), and
:meth:`NewsfigComponent.set_annotations` aligns each figure to the tokens. Alignment expands to
the enclosing tokens, so a figure whose edge falls inside a jieba token (``174个`` in the token
``个省``) is kept; its exact characters stay in ``span._.figure.start`` / ``.end``. A figure that
cannot be aligned at all is a broken invariant and raises E901.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .errors import Code, NewsfigError
from .pipeline import extract
from .records import Article, Figure
from .rules import Rules, load_rules

FACTORY = "newsfig"
SPAN_KEY = "figures"


def _register_extensions() -> None:
    if not Doc.has_extension("newsfig"):
        Doc.set_extension("newsfig", default=None)
    if not Span.has_extension("figure"):
        Span.set_extension("figure", getter=_span_figure)


def _span_figure(span: Span) -> Figure | None:
    """The figure a span of ``doc.spans[...]`` stands for, found by the figure id it carries."""
    article: Article | None = span.doc._.newsfig
    if article is None or not span.id_:
        return None
    return next((figure for figure in article.figures if figure.id == span.id_), None)


class NewsfigComponent:
    """Fills ``doc.spans[span_key]`` with one span per figure, labelled by its kind."""

    def __init__(self, span_key: str = SPAN_KEY, published: str | None = None, rules: Rules | None = None) -> None:
        _register_extensions()
        self.span_key = span_key
        self.published = published
        self.rules = rules or load_rules()

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> Article:
        """The newsfig result for the Doc's text."""
        return extract(doc.text, self.published, rules=self.rules)

    def set_annotations(self, doc: Doc, article: Article) -> None:
        doc._.newsfig = article
        doc.spans[self.span_key] = [figure_span(doc, figure) for figure in article.figures]


def figure_span(doc: Doc, figure: Figure) -> Span:
    """The token span covering a figure, labelled by its kind and carrying its id.

    Expands to whole tokens rather than dropping a figure that cuts through one.
    """
    span = doc.char_span(figure.start, figure.end, label=figure.kind, alignment_mode="expand")
    if span is None or span.start_char > figure.start or span.end_char < figure.end:
        raise NewsfigError(Code.E_ALIGNMENT, f"{figure.id} {figure.text!r} at {figure.start}-{figure.end}")
    span.id_ = figure.id
    return span


@Language.factory(
    FACTORY,
    default_config={"span_key": SPAN_KEY, "published": None},
    assigns=["doc.spans", "doc._.newsfig", "span._.figure"],
)
def make_newsfig(nlp: Language, name: str, span_key: str, published: str | None) -> NewsfigComponent:
    """The ``newsfig`` factory: ``published`` (ISO date) resolves relative dates (今年, 昨日)."""
    del nlp, name  # the component needs neither the vocab nor its name
    return NewsfigComponent(span_key=span_key, published=published)


def component_info() -> dict[str, Any]:
    """What the factory registers, for ``newsfig`` diagnostics and tests."""
    return {"factory": FACTORY, "span_key": SPAN_KEY, "extensions": ["doc._.newsfig", "span._.figure"]}
