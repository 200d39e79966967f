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


def decode(data: bytes) -> Decoded | DecodeProblem:
    if len(data) > MAX_BYTES:
        return DecodeProblem(
            "IN004",
            _("file is too large ({size} bytes; the limit is {limit})").format(
                size=len(data), limit=MAX_BYTES
            ),
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return DecodeProblem("IN002", _("file is UTF-16; save it as UTF-8"))
    nul = data.find(b"\x00")
    if nul >= 0:
        return DecodeProblem(
            "IN003", _("binary file (NUL byte at offset {offset})").format(offset=nul), offset=nul
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start)
        line_start = data.rfind(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", errors="replace"))
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
