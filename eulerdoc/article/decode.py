"""Bytes to text: UTF-8 only, BOM and newline style remembered, clear errors otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass

from eulerdoc.i18n import _

BOM = "\ufeff"
MAX_BYTES = 8 * 1024 * 1024

# The line breaks markdown-it recognises (it normalises \r\n and \r to \n);
# splitting on exactly these keeps our line numbers identical to its token maps.
NEWLINE_RE = re.compile(r"\r\n|\r|\n")
_BYTES_NEWLINE_RE = re.compile(rb"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class DecodeProblem:
    """Why bytes are not an article: rule code, message, 0-based line, column, byte offset."""

    code: str
    message: str
    line: int = 0
    column: int = 0
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str  # without the BOM, newlines untouched
    bom: bool
    newline: str  # the dominant line break ("\n" when the text has none)


def detect_newline(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"), key=lambda item: item[0])
    return best[1] if best[0] else "\n"


def too_large(size: int) -> DecodeProblem:
    return DecodeProblem(
        "IN004",
        _("file is too large ({size} bytes; the limit is {limit})").format(
            size=size, limit=MAX_BYTES
        ),
    )


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """0-based line and column (in characters) of a byte offset, lines split as markdown-it does."""
    line = 0
    line_start = 0
    for match in _BYTES_NEWLINE_RE.finditer(data, 0, offset):
        line += 1
        line_start = match.end()
    return line, len(data[line_start:offset].decode("utf-8", errors="replace"))


def _utf16_without_bom(data: bytes) -> bool:
    """NUL bytes in every other position only: UTF-16 text (mostly ASCII) without a BOM."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    for nuls, others in ((odd, even), (even, odd)):
        if others.count(0) == 0 and nuls.count(0) * 2 >= half:
            return True
    return False


def decode(data: bytes) -> Decoded | DecodeProblem:
    if len(data) > MAX_BYTES:
        return too_large(len(data))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
        return DecodeProblem("IN002", _("file is UTF-16; save it as UTF-8"))
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = byte_position(data, nul)
        return DecodeProblem(
            "IN003",
            _("binary file (NUL byte at offset {offset})").format(offset=nul),
            line,
            column,
            nul,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        line, column = byte_position(data, start)
        message = _("not valid UTF-8 (byte 0x{byte:02x} at offset {offset})").format(
            byte=data[start], offset=start
        )
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            message += "; " + _("the file looks like GBK: re-save it as UTF-8")
        return DecodeProblem("IN002", message, line, column, start)
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    return Decoded(text, bom, detect_newline(text))


def line_starts(text: str) -> list[int]:
    """Offsets where each line starts, split exactly as markdown-it splits lines."""
    starts = [0]
    starts.extend(m.end() for m in NEWLINE_RE.finditer(text))
    return starts
