"""HTML pages: the main text (trafilatura), with the page's title and date as metadata.

Offsets of an HTML document index the extracted text, which ``--with-text`` (``meta.text``)
keeps in the output so that spans can be shown.
"""

from __future__ import annotations

from dataclasses import replace

from .records import DecodedDocument


def main_text(document: DecodedDocument) -> DecodedDocument:
    """The page's main text in place of its markup; the record's own title and date win over
    the page's. A page with no main text becomes an empty document (error ``E201``)."""
    import trafilatura

    extracted = trafilatura.bare_extraction(document.text, with_metadata=True, include_comments=False)
    if extracted is None or isinstance(extracted, dict):
        return replace(document, text="")
    return replace(
        document,
        text=extracted.text or "",
        title=document.title or extracted.title or None,
        published=document.published or extracted.date or None,
        url=document.url or extracted.url or None,
    )
