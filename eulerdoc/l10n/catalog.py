"""The only module that touches PO files (through polib).

Reading: :func:`read_po` turns a ``.po``/``.pot`` file into :class:`Message` values
or raises :class:`CatalogError` (path and line) for a file that cannot be used:
syntax errors, a charset that does not decode, duplicate entries, binary data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from eulerdoc.errors import InputError

if TYPE_CHECKING:
    import polib

MAX_PO_BYTES = 32 * 1024 * 1024


class CatalogError(InputError):
    """A catalogue cannot be read or is inconsistent."""


@dataclass(frozen=True, slots=True)
class Message:
    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    fuzzy: bool = False
    obsolete: bool = False
    line: int = 0  # 1-based line of the entry in its file (0 when unknown)
    previous_msgid: str | None = None
    comment: str = ""  # "#." extracted comment
    occurrences: tuple[tuple[str, str], ...] = field(default=())

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and not self.fuzzy and not self.obsolete


def _from_entry(entry: polib.POEntry, obsolete: bool) -> Message:
    return Message(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgctxt=entry.msgctxt,
        fuzzy="fuzzy" in entry.flags,
        obsolete=obsolete,
        line=int(getattr(entry, "linenum", 0) or 0),
        previous_msgid=entry.previous_msgid,
        comment=entry.comment or "",
        occurrences=tuple((str(a), str(b)) for a, b in entry.occurrences),
    )


def parse_po(data: bytes, path: str) -> polib.POFile:
    """Parse PO bytes with polib, mapping every failure to :class:`CatalogError`."""
    import polib

    if len(data) > MAX_PO_BYTES:
        raise CatalogError("catalogue is too large", path)
    if b"\x00" in data:
        raise CatalogError("binary file, not a PO catalogue", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogError(
            f"not valid UTF-8 (byte offset {exc.start}); eulerdoc catalogues are UTF-8",
            path,
            line,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        catalogue = polib.pofile(text, encoding="utf-8", check_for_duplicates=False)
    except (OSError, ValueError, UnicodeError, IndexError, KeyError) as exc:
        message = str(exc)
        line: int | None = None
        import re

        found = re.search(r"line (\d+)", message)
        if found:
            line = int(found.group(1))
        raise CatalogError(f"invalid PO syntax: {message}", path, line) from None
    charset = catalogue.metadata.get("Content-Type", "")
    if "charset=" in charset:
        declared = charset.split("charset=", 1)[1].strip().lower()
        if declared not in ("utf-8", "utf8", "charset"):
            raise CatalogError(
                f"catalogue declares charset {declared!r}; only UTF-8 is supported", path
            )
    return catalogue


def read_po_bytes(data: bytes, path: str) -> list[Message]:
    catalogue = parse_po(data, path)
    messages = [_from_entry(e, False) for e in catalogue]
    messages += [_from_entry(e, True) for e in catalogue.obsolete_entries()]
    seen: dict[tuple[str | None, str], int] = {}
    for message in messages:
        if message.obsolete:
            continue
        if message.key in seen:
            raise CatalogError(
                f"duplicate entry for msgid {message.msgid[:40]!r} (first at line {seen[message.key]})",
                path,
                message.line or None,
            )
        seen[message.key] = message.line
    return messages


def read_po(path: Path | str) -> list[Message]:
    """Read a catalogue; raises :class:`CatalogError` for anything unusable."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read catalogue: {exc.strerror or exc}", str(path)) from None
    return read_po_bytes(data, str(path))
