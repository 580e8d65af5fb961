"""``newsfig show``: an article rendered with displaCy, its figures highlighted by kind.

displaCy runs in manual mode on the newsfig records themselves: each figure is an entity with
its exact character span and the label ``kind · metric``; its colour is the colour of its kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .decode import DecodeError, decode
from .pipeline import analyse
from .records import Article, Figure, SourceDocument
from .rules import Rules, load_rules

#: One colour per figure kind (display only; labels carry the metric, so colours key on the kind).
KIND_COLOURS = {
    "count": "#a6cee3",
    "money": "#b2df8a",
    "percent": "#fdbf6f",
    "percentage_point": "#fb9a99",
    "quantity": "#cab2d6",
    "multiple": "#ffff99",
    "date": "#dddddd",
    "period": "#bbbbbb",
}


def figure_label(figure: Figure) -> str:
    """The label shown on a highlighted figure.

    >>> figure_label(Figure("f1", "count", None, None, "个", "exact", 0, 4, "387个", "重点项目"))
    'count · 重点项目'
    """
    return f"{figure.kind} · {figure.metric}" if figure.metric else figure.kind


def displacy_doc(text: str, article: Article) -> dict[str, Any]:
    """The manual-mode displaCy input for one article: offsets index ``text`` as given."""
    return {
        "text": text,
        "ents": [{"start": f.start, "end": f.end, "label": figure_label(f)} for f in article.figures],
        "title": article.meta.title or article.id,
    }


def render_html(documents: Iterable[tuple[str, Article]]) -> str:
    """A standalone HTML page with every (text, article) pair highlighted."""
    from spacy import displacy

    parsed = [displacy_doc(text, article) for text, article in documents]
    colours = {ent["label"]: _colour(ent["label"]) for doc in parsed for ent in doc["ents"]}
    html: str = displacy.render(parsed, style="ent", manual=True, page=True, options={"colors": colours})
    return html


def _colour(label: str) -> str:
    return KIND_COLOURS.get(label.split(" · ", 1)[0], "#eeeeee")


def analysed(sources: Iterable[SourceDocument], rules: Rules | None = None) -> list[tuple[str, Article]]:
    """Each readable source with its text and its article; unreadable ones are left out."""
    rules = rules or load_rules()
    done = []
    for source in sources:
        try:
            document = decode(source)
        except DecodeError:
            continue
        if document.text.strip():
            done.append((document.text, analyse(document, rules)))
    return done
