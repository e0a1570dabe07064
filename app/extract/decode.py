"""Bytes to text: gzip, byte-order marks, declared charsets, and detection for the rest.

Order of trust: a byte-order mark; valid UTF-8 (by far the most common case, checked first because it
is cheap and never wrong on real text); a charset declared inside an HTML page; then
charset-normalizer's guess among the legacy encodings people really have (Windows-1252, Latin-1 ...).
"""

from __future__ import annotations

import codecs
import re
import zlib

from app.errors import ExtractionError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GZIP_MAGIC = b"\x1f\x8b"
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.IGNORECASE)
# Control characters that never occur in text (NUL, and C0 codes other than tab, newlines, form feed).
_BINARY_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
#: Share of such bytes above which a file is binary, not text.
BINARY_SHARE = 0.01
#: Largest size a gzip member may expand to (a "zip bomb" guard): 256 MiB.
MAX_GUNZIPPED = 256 * 2**20


def gunzip(raw: bytes) -> bytes:
    """The content of gzip-compressed bytes; other bytes are returned unchanged.

    Raises:
        ExtractionError: the gzip data is truncated or corrupt.
    """
    if not raw.startswith(_GZIP_MAGIC):
        return raw
    try:
        decompressor = zlib.decompressobj(wbits=31)
        out = decompressor.decompress(raw, MAX_GUNZIPPED)
        if decompressor.unconsumed_tail:
            raise ExtractionError(f"gzip content larger than {MAX_GUNZIPPED // 2**20} MiB once decompressed")
        if not decompressor.eof:
            raise ExtractionError("truncated gzip file (the compressed data ends early)")
        return out
    except (zlib.error, EOFError) as exc:
        raise ExtractionError(f"corrupt gzip file ({exc})") from exc


def text_head(raw: bytes, size: int = 4096) -> str:
    """The start of a file as text, enough to tell its format; the rest is not decoded.

    Raises:
        ExtractionError: the bytes are empty or binary (an image, a PDF, a zip ...).
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            if encoding == "utf-8":
                break
            cut = size - size % 4
            return raw[len(bom) : cut].decode(encoding, errors="ignore")
    if not raw[:size].strip() and not raw.strip():
        raise ExtractionError("empty file")
    _refuse_binary(raw)
    return raw[:size].decode("utf-8", errors="replace").removeprefix("\ufeff")


def is_utf8_family(raw: bytes) -> bool:
    """Whether the bytes carry no byte-order mark of UTF-16 or UTF-32 (so they may be UTF-8)."""
    return not any(raw.startswith(bom) for bom, encoding in _BOMS if encoding != "utf-8")


def decode(raw: bytes) -> str:
    """Decode the bytes of a text or HTML file.

    Raises:
        ExtractionError: the bytes are empty or binary (an image, a PDF, a zip ...).
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ExtractionError(
                    f"invalid {encoding.upper()} text after its byte-order mark ({exc.reason})"
                ) from exc
    if not raw.strip():
        raise ExtractionError("empty file")
    _refuse_binary(raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(raw)
    if declared:
        try:
            return raw.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    return _guess(raw)


def _refuse_binary(raw: bytes) -> None:
    head = raw[:8192]
    if head.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x7fELF")):
        raise ExtractionError("binary file (not text, HTML or JSON)")
    binary = len(head) - len(head.translate(None, _BINARY_BYTES))  # how many such bytes (deleting them is fast)
    if binary > max(1, BINARY_SHARE * len(head)):
        raise ExtractionError("binary file (not text, HTML or JSON)")


def _declared_charset(raw: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(raw[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    # Browsers read a declared Latin-1 or ASCII as Windows-1252 (the WHATWG encoding standard).
    if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
        return "cp1252"
    return name


def _guess(raw: bytes) -> str:
    """Windows-1252 (the superset of Latin-1 that Western text almost always is), unless the result
    looks like another script read with the wrong code page; then charset-normalizer chooses."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_ascii_letters(text):
        return text
    import charset_normalizer  # only for the rare file that is neither UTF-8 nor Western text

    best = charset_normalizer.from_bytes(raw[:65536], cp_isolation=_CANDIDATES).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte, so it always decodes.
        return raw.decode("latin-1")


#: Legacy encodings tried when a file is neither UTF-8 nor Western text.
_CANDIDATES = ["cp1252", "latin_1", "iso8859_15", "cp1250", "cp1251", "koi8_r", "iso8859_7", "cp1253", "mac_roman"]
#: Western text has a few accented letters among many plain ones; Cyrillic or Greek read as cp1252 has many.
_MAX_ACCENTED_SHARE = 0.25


def _mostly_ascii_letters(text: str) -> bool:
    letters = [c for c in text[:65536] if c.isalpha()]
    if not letters:
        return True
    accented = sum(1 for c in letters if ord(c) > 127)
    return accented / len(letters) <= _MAX_ACCENTED_SHARE
