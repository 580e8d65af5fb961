"""Coded errors and warnings: one place for every message the pipeline can give.

Codes are stable: tools may filter on them. ``E`` codes stop a document (its ``error``),
``W`` codes are warnings attached to a document that was still processed.
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    E_RULES = "E100"
    E_DATABASE = "E110"
    E_DECODE = "E200"
    E_EMPTY = "E201"
    E_BINARY = "E202"
    E_INPUT_RECORD = "E203"
    E_UNREADABLE = "E204"
    E_TOO_LARGE = "E205"
    E_INTERNAL = "E900"
    E_ALIGNMENT = "E901"
    E_TIMEOUT = "E902"
    E_WORKER = "E903"
    W_ENCODING = "W200"
    W_NO_MAIN_TEXT = "W201"
    W_NO_PUBLISHED = "W300"
    W_BAD_PUBLISHED = "W301"
    W_UNPARSED_NUMBER = "W400"
    W_VALUE_OVERFLOW = "W401"
    W_UNIT_INFERRED = "W402"
    W_MOJIBAKE = "W500"


MESSAGES: dict[Code, str] = {
    Code.E_RULES: "rules file is invalid: {detail}",
    Code.E_DATABASE: "results database has a column of another type: {detail}",
    Code.E_DECODE: "input could not be decoded as text: {detail}",
    Code.E_EMPTY: "document has no text",
    Code.E_BINARY: "input looks binary, not text: {detail}",
    Code.E_INPUT_RECORD: "input record is malformed: {detail}",
    Code.E_UNREADABLE: "input could not be read: {detail}",
    Code.E_TOO_LARGE: "document too large: {detail}",
    Code.E_INTERNAL: "internal error while processing the document: {detail}",
    Code.E_ALIGNMENT: "figure cannot be aligned to the tokens of the spaCy Doc: {detail}",
    Code.E_TIMEOUT: "document took longer than the time limit ({detail}); its worker was ended",
    Code.E_WORKER: "the worker process processing the document died ({detail})",
    Code.W_ENCODING: "input was not UTF-8; decoded as {detail}",
    Code.W_NO_MAIN_TEXT: "no main text found in the page; all of its text is read, markup removed",
    Code.W_NO_PUBLISHED: "no publication date given or found; relative dates are left unresolved",
    Code.W_BAD_PUBLISHED: "publication date {detail!r} is not an ISO date; ignored",
    Code.W_UNPARSED_NUMBER: "number without a recognised unit is not reported as a figure: {detail}",
    Code.W_VALUE_OVERFLOW: "number is too large to be a figure: {detail}",
    Code.W_UNIT_INFERRED: "amount written without 元 read as yuan from its sentence: {detail}",
    Code.W_MOJIBAKE: "text looks mis-decoded (GBK bytes out of step, or bytes no encoding could read): {detail}",
}


def message(code: Code, detail: object = "") -> str:
    """Render the message for ``code``.

    >>> message(Code.E_EMPTY)
    '[E201] document has no text'
    """
    return f"[{code.value}] " + MESSAGES[code].format(detail=detail)


class NewsfigError(Exception):
    """An error with a code, raised for broken rules or broken invariants."""

    def __init__(self, code: Code, detail: object = "") -> None:
        self.code = code
        super().__init__(message(code, detail))


class RulesError(NewsfigError):
    def __init__(self, detail: object) -> None:
        super().__init__(Code.E_RULES, detail)
