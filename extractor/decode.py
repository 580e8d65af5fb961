"""Decoding: input bytes -> text, by detection, with the encoding recorded.

UTF-8 first (with or without BOM); otherwise charset-normalizer's best guess among the
encodings Chinese pages use (GB18030/GBK, Big5, UTF-16 …). Binary data is refused, not guessed.
"""

from __future__ import annotations

from .errors import Code, message
from .records import DecodedDocument, Notice, SourceDocument

_BINARY_CONTROL_SHARE = 0.05
_CONTROL_BYTES = frozenset(range(9)) | frozenset(range(14, 32)) - {27}


class DecodeError(ValueError):
    def __init__(self, notice: Notice) -> None:
        self.notice = notice
        super().__init__(notice.message)


def decode(source: SourceDocument, max_chars: int | None = None) -> DecodedDocument:
    """The document's text and encoding; raises :class:`DecodeError` when there is none, or
    when it is longer than ``max_chars`` characters (checked on the bytes first when they are
    too many for any decoding to fit, so that a huge input is refused before it is decoded)."""
    if source.error is not None:
        raise DecodeError(source.error)
    if source.text is not None:  # a reader may have decoded it (HTML) and say from what
        refuse_too_large(len(source.text), max_chars)
        encoding = source.encoding or "utf-8"
        return _decoded(source, source.text, encoding, _encoding_warnings(encoding))
    data = source.data or b""
    refuse_too_large(len(data) // _MAX_BYTES_PER_CHAR, max_chars, f"{len(data)} bytes")
    text, encoding = decode_bytes(data)
    refuse_too_large(len(text), max_chars)
    return _decoded(source, text, encoding, _encoding_warnings(encoding))


# UTF-8 text cut inside a character, or with a few stray bytes, is kept: its invalid bytes become
# U+FFFD, which cleaning reports (W500) with their offsets. More than this is not UTF-8.
_MAX_INVALID_UTF8_SHARE = 0.01
_FEW_INVALID_UTF8 = 3
_MAX_BYTES_PER_CHAR = 4  # UTF-8, GB18030 and UTF-16 spend at most four bytes on a character


def refuse_too_large(length: int, max_chars: int | None, size: str | None = None) -> None:
    """Raise :class:`DecodeError` (``E205``) when ``length`` characters exceed ``max_chars``.

    >>> refuse_too_large(10, 20)
    >>> refuse_too_large(30, 20)
    Traceback (most recent call last):
    ...
    extractor.decode.DecodeError: [E205] document too large: 30 characters; the limit is 20 (max_document_chars)
    """
    if max_chars is not None and length > max_chars:
        detail = f"{size or f'{length} characters'}; the limit is {max_chars} (max_document_chars)"
        raise DecodeError(_error(Code.E_TOO_LARGE, detail))


def _encoding_warnings(encoding: str) -> tuple[Notice, ...]:
    if encoding in ("utf_8", "utf-8", "ascii"):
        return ()
    return (Notice(Code.W_ENCODING.value, message(Code.W_ENCODING, encoding)),)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return the text and the encoding's name.

    >>> decode_bytes("截至5月20日，全市已落实投资500万元以上重点项目387个".encode("gb18030"))
    ('截至5月20日，全市已落实投资500万元以上重点项目387个', 'gb18030')
    """
    if _looks_binary(data):  # before UTF-8: NUL and control bytes are valid UTF-8 but not text
        raise DecodeError(_error(Code.E_BINARY, f"{_control_share(data):.0%} control bytes"))
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    chinese = _chinese_decodings(data)
    if chinese:
        encoding = max(chinese, key=lambda name: _plausibility(chinese[name]))
        return chinese[encoding], encoding
    lossy = data.decode("utf-8", errors="replace")
    if lossy.count("\ufffd") <= max(_FEW_INVALID_UTF8, _MAX_INVALID_UTF8_SHARE * len(lossy)):
        return lossy, "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError(_error(Code.E_DECODE, "no text encoding fits the bytes"))
    return str(best), _canonical_encoding(best.encoding)


CHINESE_ENCODINGS = ("gb18030", "big5")


def _chinese_decodings(data: bytes) -> dict[str, str]:
    """The strict decodings of ``data`` in the encodings Chinese pages use."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return {}
    decodings: dict[str, str] = {}
    for encoding in CHINESE_ENCODINGS:
        try:
            decodings[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return decodings


def _plausibility(text: str) -> float:
    """The share of Han characters that fall in words of two or more characters once the text
    is simplified and segmented: high for real Chinese, low for bytes read in the wrong
    encoding (which segment into rare single characters).

    >>> text = "重点项目建设提速增效"
    >>> _plausibility(text) > _plausibility(text.encode("gb18030").decode("big5", errors="replace"))
    True
    """
    import jieba

    from .clean.fixers import t2s

    words = jieba.lcut(t2s(text[:4000]))
    han = [len(word) for word in words if "\u4e00" <= word[:1] <= "\u9fff"]
    return sum(length for length in han if length > 1) / max(1, sum(han))


def _canonical_encoding(name: str) -> str:
    return {"gb2312": "gb18030", "gbk": "gb18030", "big5hkscs": "big5"}.get(name, name)


def _looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 BOM: text, decoded by detection
        return False
    return b"\x00" in data or _control_share(data) > _BINARY_CONTROL_SHARE


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    return sum(byte in _CONTROL_BYTES for byte in sample) / max(1, len(sample))


def _error(code: Code, detail: str) -> Notice:
    return Notice(code.value, message(code, detail))


def _decoded(source: SourceDocument, text: str, encoding: str, warnings: tuple[Notice, ...]) -> DecodedDocument:
    return DecodedDocument(
        id=source.id,
        text=text,
        published=source.published,
        title=source.title,
        url=source.url,
        encoding=encoding,
        warnings=warnings,
    )
