"""The only module that touches PO files (through polib).

Reading: :func:`read_po` turns a ``.po``/``.pot`` file into :class:`Message` values
or raises :class:`CatalogError` (path and line) for a file that cannot be used:
syntax errors, a charset that does not decode, duplicate entries, binary data.
:func:`read_catalogue` gives the same checks on a :class:`polib.POFile`.

Writing: :func:`catalogue_text` is eulerdoc's own serialiser, so that the same
catalogue always gives the same bytes whatever polib version is installed:

- GNU layout and comment order (``# ``, ``#.``, ``#:``, ``#,``, ``#|``), header
  first, active entries in order, obsolete (``#~``) entries last;
- **no wrapping at a width** (the ``msgcat --no-wrap`` form): a string is split only
  after its embedded newlines. Long CJK paragraphs stay on one line, so a one-word
  edit is a one-line diff and nothing depends on how a tool measures wide characters;
- all references of an entry on one ``#:`` line; a path containing whitespace is
  enclosed in U+2068/U+2069 as GNU gettext 0.22 does;
- no timestamps: the header never changes unless its content does.

:func:`write_catalogue` writes atomically and only when the text changed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
        line=max(1, int(getattr(entry, "linenum", 0) or 0)),  # the first entry reads 0
        previous_msgid=entry.previous_msgid,
        comment=entry.comment or "",
        occurrences=tuple((str(a), str(b)) for a, b in entry.occurrences),
    )


# A C string with the escapes polib decodes (msgfmt also reads '\a', '\?', octal and
# hex, which polib would keep as a backslash and text, changing the translation: those
# are refused with their line). Each escape is a backslash and one character, and runs
# of ordinary characters and escapes alternate, so there is one way to match a string
# (a hostile unterminated string cannot make the match backtrack).
_STRING = r'"[^"\\\n]*(?:\\[ntrbfv"\\][^"\\\n]*)*"'
_KEYWORD = r"(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)"
_SYNTAX_LINE = re.compile(rf"(?:{_KEYWORD}[ \t]*)?{_STRING}[ \t]*")
_STRING_START = re.compile(rf"(?:{_KEYWORD}[ \t]*)?{_STRING}")
_OPEN_STRING = re.compile(rf"(?:{_KEYWORD}[ \t]*)?\"")
# A line that is certainly fine: blank, a comment (not '#~' or '#|'), or a keyword and
# string, possibly after '#~', '#~|' or '#|'. Lines it does not match are looked at by
# the line-by-line check below, which decides (and explains).
# Written so that no two parts can match the same blanks: a failing line costs linear time.
_GOOD_LINE = (
    r"[ \t]*(?:(?:#(?![~|]).*|(?:#~\|?|#\|)(?:[ \t]*#.*)?"
    rf"|(?:(?:#~\|?|#\|)[ \t]*)?(?:{_KEYWORD}[ \t]*)?{_STRING})[ \t]*)?$"
)
_SUSPECT_LINE = re.compile(rf"^(?!{_GOOD_LINE})", re.MULTILINE)


def syntax_error(text: str) -> tuple[int, str] | None:
    """(line, what is wrong) of the first line that is not PO syntax, or None.

    polib accepts some broken lines (an unterminated string, an unknown escape);
    msgfmt does not, so they are caught here, with their line. One regular expression
    skips the lines that are certainly fine; the rest are checked one by one.
    """
    first = _SUSPECT_LINE.search(text)
    if first is None:
        return None
    start = text.count("\n", 0, first.start())
    found = _syntax_error_lines(text[first.start() :])
    return None if found is None else (found[0] + start, found[1])


def _syntax_error_lines(text: str) -> tuple[int, str] | None:
    """:func:`syntax_error`, line by line."""
    from eulerdoc.i18n import _

    for number, line in enumerate(text.split("\n"), 1):
        body = line.strip()
        if not body:
            continue
        if body.startswith(("#~|", "#~")):
            body = body[3 if body.startswith("#~|") else 2 :].strip()
        elif body.startswith("#|"):
            body = body[2:].strip()
        elif body.startswith("#"):
            continue
        if not body or body.startswith("#") or _SYNTAX_LINE.fullmatch(body):
            continue
        complete = _STRING_START.match(body)
        if complete:
            return number, _("unexpected text after the string: {text!r}").format(
                text=body[complete.end() :].strip()[:40]
            )
        if _OPEN_STRING.match(body):
            return number, _(
                "unterminated string, or an escape eulerdoc does not read (\\a, \\', "
                "octal, hex): write the character itself"
            )
        return number, _("unexpected text {text!r}").format(text=body[:40])
    return None


def _parse_text(text: str) -> polib.POFile:
    """Parse PO text; lines are split at ``\\n`` only (``str.splitlines`` would also
    split at U+2028, U+0085 and other separators that may occur inside strings)."""
    import polib

    parser: Any = polib._POFileParser("", encoding="utf-8", check_for_duplicates=False)
    parser.fhandle = text.split("\n")
    catalogue: polib.POFile = parser.parse()
    catalogue.wrapwidth = 0
    return catalogue


_OBSOLETE_PREVIOUS = re.compile(r"(?m)^#~\|")


def parse_po(data: bytes, path: str) -> polib.POFile:
    """Parse PO bytes with polib, mapping every failure to :class:`CatalogError`."""
    from eulerdoc.i18n import _

    if len(data) > MAX_PO_BYTES:
        raise CatalogError(_("catalogue is too large"), path)
    if b"\x00" in data:
        raise CatalogError(_("binary file, not a PO catalogue"), path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(
            _("not valid UTF-8 (byte offset {offset}); eulerdoc catalogues are UTF-8").format(
                offset=exc.start
            ),
            path,
            data.count(b"\n", 0, exc.start) + 1,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    if "\r" in text:
        # Lines ending with CR alone: read at "\n" only, the whole file would be one
        # comment line and its translations silently ignored (msgfmt refuses it too).
        raise CatalogError(
            _(
                "a line ends with a carriage return (CR) alone; save the catalogue with LF line ends"
            ),
            path,
            text.count("\n", 0, text.index("\r")) + 1,
        )
    problem = syntax_error(text)
    if problem is not None:
        raise CatalogError(
            _("invalid PO syntax: {detail}").format(detail=problem[1]), path, problem[0]
        )
    # polib drops the previous msgid of an obsolete entry ('#~| msgid'), which msgmerge
    # and eulerdoc write; read as '#|', it stays with the entry (lines keep their number).
    text = _OBSOLETE_PREVIOUS.sub("#|", text)
    try:
        catalogue = _parse_text(text)
    except (OSError, ValueError, UnicodeError, IndexError, KeyError, AttributeError) as exc:
        detail = str(exc)
        found = re.search(r"line (\d+)", detail)
        detail = re.sub(r"\s*in po file\s*|\s*\(line \d+\)", "", detail).strip() or detail
        raise CatalogError(
            _("invalid PO syntax: {detail}").format(detail=detail),
            path,
            int(found.group(1)) if found else None,
        ) from None
    charset = catalogue.metadata.get("Content-Type", "")
    if "charset=" in charset:
        declared = charset.split("charset=", 1)[1].strip().lower()
        if declared not in ("utf-8", "utf8", "charset"):
            raise CatalogError(
                _("catalogue declares charset {charset!r}; only UTF-8 is supported").format(
                    charset=declared
                ),
                path,
            )
    return catalogue


def catalogue_messages(
    catalogue: polib.POFile, path: str, *, strict: bool = False
) -> list[Message]:
    """Messages of a catalogue; duplicate active keys are an error (with ``strict``,
    also duplicates involving obsolete entries, which msgfmt rejects too)."""
    messages = [_from_entry(e, False) for e in catalogue if not e.obsolete]
    messages += [_from_entry(e, True) for e in catalogue.obsolete_entries()]
    from eulerdoc.i18n import _

    for entry in catalogue:
        if entry.msgstr_plural and not entry.msgid_plural:
            raise CatalogError(
                _("msgstr[N] without msgid_plural"),
                path,
                max(1, int(getattr(entry, "linenum", 0) or 0)),
            )
    seen: dict[tuple[str | None, str], int] = {}
    for message in messages:
        if message.obsolete and not strict:
            continue
        if message.key in seen:
            raise CatalogError(
                _("duplicate entry for msgid {msgid!r} (first at line {line})").format(
                    msgid=message.msgid[:40], line=seen[message.key]
                ),
                path,
                message.line or None,
            )
        seen[message.key] = message.line
    return messages


def read_po_bytes(data: bytes, path: str) -> list[Message]:
    return catalogue_messages(parse_po(data, path), path)


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        from eulerdoc.i18n import _

        raise CatalogError(
            _("cannot read catalogue: {reason}").format(reason=exc.strerror or exc), str(path)
        ) from None


def read_po(path: Path | str | os.PathLike[str]) -> list[Message]:
    """Read a catalogue; raises :class:`CatalogError` for anything unusable."""
    path = Path(path)
    return read_po_bytes(read_bytes(path), str(path))


def parse_catalogue(data: bytes, path: str) -> polib.POFile:
    """:func:`parse_po` plus the duplicate checks, obsolete entries included (a
    catalogue that is merged must not hide one translation behind another)."""
    catalogue = parse_po(data, path)
    catalogue_messages(catalogue, path, strict=True)
    return catalogue


def read_catalogue(path: Path | str | os.PathLike[str]) -> polib.POFile:
    """Read a catalogue as a :class:`polib.POFile`, for merging (see :func:`parse_catalogue`)."""
    path = Path(path)
    return parse_catalogue(read_bytes(path), str(path))


# Writing ----------------------------------------------------------------------------

TEMPLATE_DEFAULTS = {
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
}
HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)
CONTENT_TYPE = "text/plain; charset=UTF-8"
DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


def plural_forms(lang: str) -> str:
    """The ``Plural-Forms`` value for a language (from Babel's CLDR data)."""
    from babel.core import UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        return str(get_plural(lang.replace("-", "_")).plural_forms)
    except (UnknownLocaleError, ValueError, TypeError):
        return DEFAULT_PLURAL_FORMS


def language_team(lang: str) -> str:
    from babel.core import Locale, UnknownLocaleError

    try:
        name = Locale.parse(lang.replace("-", "_")).english_name
    except (UnknownLocaleError, ValueError, TypeError):
        name = None
    return str(name or lang)


def header_metadata(lang: str | None, project: str) -> dict[str, str]:
    """A complete header; the template (``lang`` None) has no language."""
    metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        **TEMPLATE_DEFAULTS,
        "Language": lang or "",
        "MIME-Version": "1.0",
        "Content-Type": CONTENT_TYPE,
        "Content-Transfer-Encoding": "8bit",
    }
    if lang:
        metadata["Language-Team"] = language_team(lang)
        metadata["Plural-Forms"] = plural_forms(lang)
    else:
        # What msgfmt assumes without the field; a template has no plural messages.
        metadata["Plural-Forms"] = DEFAULT_PLURAL_FORMS
    return metadata


def new_catalogue(lang: str | None, project: str) -> polib.POFile:
    """An empty catalogue (a template when ``lang`` is None) with a full header."""
    import polib

    catalogue = polib.POFile(wrapwidth=0, encoding="utf-8", check_for_duplicates=False)
    catalogue.metadata = header_metadata(lang, project)
    return catalogue


_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)


def escape(text: str) -> str:
    """C-style escaping of a PO string (without the quotes)."""
    return text.translate(_ESCAPE_TABLE)


def _string(prefix: str, keyword: str, value: str) -> list[str]:
    """``keyword "value"``, split after embedded newlines (GNU ``--no-wrap`` form)."""
    pieces = value.split("\n")
    parts = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        parts.append(pieces[-1])
    if len(parts) <= 1:
        return [f'{prefix}{keyword} "{escape(value)}"']
    lines = [f'{prefix}{keyword} ""']
    lines.extend(f'{prefix}"{escape(part)}"' for part in parts)
    return lines


def _reference(path: str, line: str) -> str:
    if any(c.isspace() for c in path):
        path = f"\u2068{path}\u2069"
    return f"{path}:{line}" if line else path


def _comment_lines(marker: str, text: str) -> list[str]:
    return [f"{marker} {line}".rstrip() if line else marker for line in text.split("\n")]


def _flags(flags: list[str]) -> list[str]:
    seen: list[str] = []
    for flag in flags:
        flag = flag.strip()
        if flag and flag not in seen:
            seen.append(flag)
    if "fuzzy" in seen:
        seen.remove("fuzzy")
        seen.insert(0, "fuzzy")
    return seen


def entry_text(entry: polib.POEntry) -> str:
    """One entry in GNU layout (no trailing blank line)."""
    obsolete = bool(entry.obsolete)
    prefix = "#~ " if obsolete else ""
    lines: list[str] = []
    if entry.tcomment:
        lines += _comment_lines("#", entry.tcomment)
    if entry.comment and not obsolete:
        lines += _comment_lines("#.", entry.comment)
    if entry.occurrences and not obsolete:
        lines.append("#: " + " ".join(_reference(str(p), str(n)) for p, n in entry.occurrences))
    flags = _flags(list(entry.flags))
    if flags:
        lines.append("#, " + ", ".join(flags))
    previous = "#~| " if obsolete else "#| "
    if entry.previous_msgctxt is not None:
        lines += _string(previous, "msgctxt", entry.previous_msgctxt)
    if entry.previous_msgid is not None:
        lines += _string(previous, "msgid", entry.previous_msgid)
    if entry.previous_msgid_plural is not None:
        lines += _string(previous, "msgid_plural", entry.previous_msgid_plural)
    if entry.msgctxt is not None:
        lines += _string(prefix, "msgctxt", entry.msgctxt)
    lines += _string(prefix, "msgid", entry.msgid)
    if entry.msgid_plural:
        lines += _string(prefix, "msgid_plural", entry.msgid_plural)
        for index in sorted(entry.msgstr_plural):
            lines += _string(prefix, f"msgstr[{index}]", entry.msgstr_plural[index])
    else:
        lines += _string(prefix, "msgstr", entry.msgstr)
    return "\n".join(lines)


def _header_text(catalogue: polib.POFile) -> str:
    metadata = dict(catalogue.metadata)
    ordered = [key for key in HEADER_ORDER if key in metadata]
    ordered += [key for key in metadata if key not in HEADER_ORDER]
    lines: list[str] = []
    if catalogue.header:
        lines += _comment_lines("#", catalogue.header)
    header_flags = catalogue.metadata_is_fuzzy
    fuzzy: list[str] = _flags(list(header_flags)) if isinstance(header_flags, list) else []
    if fuzzy:
        lines.append("#, " + ", ".join(fuzzy))
    lines.append('msgid ""')
    lines.append('msgstr ""')
    lines += [f'"{escape(key)}: {escape(metadata[key])}\\n"' for key in ordered]
    return "\n".join(lines)


def catalogue_text(catalogue: polib.POFile) -> str:
    """The catalogue as PO text: deterministic, UTF-8, ending with one newline."""
    blocks = [_header_text(catalogue)]
    blocks += [entry_text(e) for e in catalogue if not e.obsolete]
    blocks += [entry_text(e) for e in catalogue if e.obsolete]
    return "\n\n".join(blocks) + "\n"


DATE_FIELD = "POT-Creation-Date"
_DATE_LINE = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.MULTILINE)


def timestamp(now: float | None = None) -> str:
    """A ``POT-Creation-Date`` value in UTC: ``YYYY-MM-DD HH:MM+0000``.

    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) replaces the clock.
    """
    import time

    if now is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        now = float(epoch) if epoch.isdigit() else time.time()
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(now))


def _existing(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def stamped_text(catalogue: polib.POFile, existing: bytes | None) -> str:
    """The catalogue's text with a ``POT-Creation-Date`` that changes only with content.

    When the file ``existing`` holds the same catalogue apart from that date, its
    date is kept (and the text is identical to it). Otherwise the catalogue's own
    date is used, or the current time when it has none. Sets the date in
    ``catalogue.metadata``.
    """
    metadata = catalogue.metadata
    own = metadata.get(DATE_FIELD) or None
    if existing is not None:
        found = _DATE_LINE.search(existing.decode("utf-8", "replace"))
        if found:
            metadata[DATE_FIELD] = found.group(1)
            text = catalogue_text(catalogue)
            if text.encode("utf-8") == existing:
                return text
    metadata[DATE_FIELD] = own or timestamp()
    return catalogue_text(catalogue)


def write_catalogue(catalogue: polib.POFile, path: Path, *, dry_run: bool = False) -> bool:
    """Write atomically, only when the text changed. Returns True when it changed
    (with ``dry_run``: when it would change; nothing is written).

    ``POT-Creation-Date`` changes only when something else does (see
    :func:`stamped_text`), so re-extracting an unchanged article touches nothing.
    """
    from eulerdoc.fsio import write_atomic
    from eulerdoc.i18n import _

    path = Path(path)
    existing = _existing(path)
    data = stamped_text(catalogue, existing).encode("utf-8")
    if data == existing:
        return False
    if dry_run:
        return True
    try:
        return write_atomic(path, data)
    except OSError as exc:
        raise CatalogError(
            _("cannot write catalogue: {reason}").format(reason=exc.strerror or exc), str(path)
        ) from None
