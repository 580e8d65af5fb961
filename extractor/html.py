"""HTML pages: the main text (trafilatura), with the page's title and date as metadata.

Offsets of an HTML document index the extracted text, which ``--with-text`` (``meta.text``)
keeps in the output so that spans can be shown.
"""

from __future__ import annotations

from dataclasses import replace

from .clean.fixers import apply_fix, remove_html_tags
from .errors import Code, message
from .records import DecodedDocument, Notice
from .rules import Rules


def main_text(document: DecodedDocument, rules: Rules) -> DecodedDocument:
    """The page's main text in place of its markup; the record's own title and date win over
    the page's. A page in which trafilatura finds no main text (nested deeper than its parser
    goes, or no article at all) is read whole, markup and all, with warning ``W201``: cleaning
    drops the tags, and offsets index the page as given. A page with no text at all becomes
    an empty document (error ``E201``)."""
    import trafilatura

    extracted = trafilatura.bare_extraction(document.text, with_metadata=True, include_comments=False)
    if extracted is None or isinstance(extracted, dict) or not (extracted.text or "").strip():
        return _whole_page(document, rules)
    return replace(
        document,
        text=extracted.text or "",
        title=document.title or extracted.title or None,
        published=document.published or extracted.date or None,
        url=document.url or extracted.url or None,
    )


def _whole_page(document: DecodedDocument, rules: Rules) -> DecodedDocument:
    if not _body_text(document.text, rules).strip():
        return replace(document, text="")
    notice = Notice(Code.W_NO_MAIN_TEXT.value, message(Code.W_NO_MAIN_TEXT))
    return replace(document, warnings=(*document.warnings, notice))


def _body_text(markup: str, rules: Rules) -> str:
    """The page's text outside its <head> (a title alone is no text), its tags dropped as the
    cleaner drops them.

    >>> from extractor.rules import load_rules
    >>> _body_text("<html><head><title>空</title></head><body><p>全市投资5亿元</p></body></html>", load_rules())
    '\\n全市投资5亿元\\n'
    """
    head, head_end = markup.find("<head"), markup.find("</head>")
    if 0 <= head < head_end:
        markup = markup[:head] + markup[head_end + len("</head>") :]
    return apply_fix(remove_html_tags, markup, rules)
