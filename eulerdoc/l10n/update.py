"""Merge a fresh template into an existing catalogue: GNU msgmerge semantics in Python.

For every template entry, in template order:

1. same (msgctxt, msgid) in the old catalogue → kept: msgstr, flags (``fuzzy``
   included), translator comments and previous msgid stay;
2. same key among the old obsolete (``#~``) entries → revived the same way;
3. otherwise the closest old translated entry with the same msgctxt (similarity
   ≥ :data:`FUZZY_THRESHOLD`) → a ``fuzzy`` entry with the old msgstr and the old
   msgid as previous msgid (``#|``);
4. otherwise → a new, untranslated entry.

References, extracted comments and order come from the template. Old entries that
were neither kept nor used as a fuzzy source become obsolete when they carry a
translation or a translator comment; previously obsolete entries stay. So every
non-empty msgstr of the old file is in the new one (active, fuzzy or obsolete).

The header is the old catalogue's: ``POT-Creation-Date`` is taken from the template
(or left for the writer to stamp when the catalogue changed, see
:func:`eulerdoc.l10n.catalog.write_catalogue`); ``Language``, ``Plural-Forms``, the
MIME fields and ``Project-Id-Version`` are filled in when missing. Merging the same
template twice gives the same catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from difflib import SequenceMatcher

    import polib

FUZZY_THRESHOLD = 0.6

Key = tuple[str | None, str]


@dataclass
class UpdateReport:
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsolete: int = 0  # entries in the obsolete section of the result
    revived: int = 0  # obsolete entries brought back (counted in kept too)
    dropped: int = 0  # untranslated, uncommented old entries that matched nothing

    def summary(self) -> str:
        from eulerdoc.i18n import _

        return _("kept {kept}, fuzzy {fuzzy}, new {new}, obsolete {obsolete}").format(
            kept=self.kept, fuzzy=self.fuzzy, new=self.new, obsolete=self.obsolete
        )


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def _has_translation(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


class FuzzyIndex:
    """Old translated entries searched for the closest msgid (same msgctxt).

    Filters from cheapest to dearest: the length bound of the ratio, then
    ``real_quick_ratio``/``quick_ratio``, then ``ratio`` (without autojunk, which would
    discard the most frequent CJK characters of long paragraphs).
    """

    def __init__(self, entries: Iterable[polib.POEntry], threshold: float = FUZZY_THRESHOLD):
        self.threshold = threshold
        self.entries = [e for e in entries if _has_translation(e) and e.msgid]

    def best(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        from difflib import SequenceMatcher

        matcher: SequenceMatcher[str] = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(msgid)
        best: polib.POEntry | None = None
        best_ratio = self.threshold
        size = len(msgid)
        for entry in self.entries:
            if entry.msgctxt != msgctxt:
                continue
            other = len(entry.msgid)
            if 2.0 * min(size, other) / (size + other) < best_ratio:
                continue
            matcher.set_seq1(entry.msgid)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio or (ratio == best_ratio and best is None):
                best, best_ratio = entry, ratio
        return best


def _copy_translation(target: polib.POEntry, source: polib.POEntry) -> bool:
    """Give ``target`` the translation of ``source``; False when the forms differ (a
    plural translation for a singular text: its first form is kept, to review)."""
    target.tcomment = source.tcomment
    if bool(source.msgid_plural) == bool(target.msgid_plural):
        target.msgstr = source.msgstr
        target.msgstr_plural = dict(source.msgstr_plural)
        return True
    if source.msgid_plural:  # plural → singular
        forms = [source.msgstr_plural[k] for k in sorted(source.msgstr_plural)]
        target.msgstr = next((form for form in forms if form), "")
    else:  # singular → plural
        target.msgstr_plural = {index: source.msgstr for index in target.msgstr_plural or {0: ""}}
    return False


def _fresh(template_entry: polib.POEntry) -> polib.POEntry:
    import polib

    return polib.POEntry(
        msgid=template_entry.msgid,
        msgctxt=template_entry.msgctxt,
        msgid_plural=template_entry.msgid_plural,
        msgstr="",
        msgstr_plural={i: "" for i in template_entry.msgstr_plural},
        comment=template_entry.comment,
        occurrences=list(template_entry.occurrences),
        flags=[f for f in template_entry.flags if f != "fuzzy"],
    )


def _header(template: Iterable[polib.POEntry], po: polib.POFile, lang: str | None) -> polib.POFile:
    import polib

    from eulerdoc.l10n.catalog import DATE_FIELD, header_metadata

    result = polib.POFile(wrapwidth=0, encoding="utf-8", check_for_duplicates=False)
    result.header = po.header
    result.metadata = dict(po.metadata)
    result.metadata_is_fuzzy = po.metadata_is_fuzzy
    template_metadata = getattr(template, "metadata", None)
    date = template_metadata.get(DATE_FIELD) if isinstance(template_metadata, dict) else None
    if date:
        result.metadata[DATE_FIELD] = date
    else:
        # Stamped when written, and only if the catalogue changed.
        result.metadata.pop(DATE_FIELD, None)
    language = result.metadata.get("Language") or lang
    project = result.metadata.get("Project-Id-Version") or (
        template_metadata.get("Project-Id-Version", "")
        if isinstance(template_metadata, dict)
        else ""
    )
    defaults = header_metadata(language or None, project)
    for name in ("Project-Id-Version", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"):
        if not result.metadata.get(name):
            result.metadata[name] = defaults[name]
    if "utf-8" not in result.metadata["Content-Type"].lower():
        result.metadata["Content-Type"] = defaults["Content-Type"]  # written as UTF-8
    if language:
        result.metadata["Language"] = language
        if not result.metadata.get("Plural-Forms"):
            result.metadata["Plural-Forms"] = defaults["Plural-Forms"]
    return result


def update(
    template: Iterable[polib.POEntry], po: polib.POFile, *, lang: str | None = None
) -> tuple[polib.POFile, UpdateReport]:
    """Merge ``template`` (a template catalogue or its entries) into ``po``.

    ``po`` is not modified; ``lang`` fills in a missing ``Language`` header.
    """
    report = UpdateReport()
    result = _header(template, po, lang)
    old_active: dict[Key, polib.POEntry] = {}
    old_obsolete: dict[Key, polib.POEntry] = {}
    for entry in po:
        table = old_obsolete if entry.obsolete else old_active
        table.setdefault(_key(entry), entry)
    used: set[int] = set()
    pending: list[tuple[int, polib.POEntry]] = []
    entries: list[polib.POEntry] = []
    for template_entry in template:
        if template_entry.obsolete:
            continue
        key = _key(template_entry)
        entry = _fresh(template_entry)
        old = old_active.get(key)
        if old is None or not _has_translation(old):
            revived = old_obsolete.get(key)
            if revived is not None and (old is None or _has_translation(revived)):
                old = revived
                report.revived += 1
        if old is not None and id(old) not in used:
            used.add(id(old))
            same_form = _copy_translation(entry, old)
            entry.flags = list(dict.fromkeys([*old.flags, *entry.flags]))
            if not same_form:
                entry.flags = list(dict.fromkeys(["fuzzy", *entry.flags]))
                entry.previous_msgid = old.msgid
                entry.previous_msgid_plural = old.msgid_plural
                entry.previous_msgctxt = old.msgctxt
                report.fuzzy += 1
                entries.append(entry)
                continue
            if "fuzzy" in entry.flags:
                entry.previous_msgid = old.previous_msgid
                entry.previous_msgctxt = old.previous_msgctxt
            report.kept += 1
        else:
            pending.append((len(entries), entry))
        entries.append(entry)
    if pending:
        index = FuzzyIndex(e for e in po)
        for _position, entry in pending:
            source = index.best(entry.msgctxt, entry.msgid)
            if source is None:
                report.new += 1
                continue
            used.add(id(source))
            _copy_translation(entry, source)
            entry.flags = list(dict.fromkeys(["fuzzy", *source.flags, *entry.flags]))
            if "fuzzy" in source.flags and source.previous_msgid is not None:
                # Its translation was made for the text in its '#|', not for its msgid:
                # that text stays the one to compare with, as msgmerge keeps it.
                entry.previous_msgid = source.previous_msgid
                entry.previous_msgctxt = source.previous_msgctxt
            else:
                entry.previous_msgid = source.msgid
                entry.previous_msgctxt = source.msgctxt
            report.fuzzy += 1
    for entry in entries:
        result.append(entry)
    kept_obsolete: set[Key] = {_key(e) for e in entries}
    for old in po:
        if id(old) in used or _key(old) in kept_obsolete:
            continue
        if not (_has_translation(old) or old.tcomment):
            report.dropped += 1
            continue
        kept_obsolete.add(_key(old))
        result.append(_obsolete(old))
        report.obsolete += 1
    return result, report


def _obsolete(old: polib.POEntry) -> polib.POEntry:
    import polib

    return polib.POEntry(
        msgid=old.msgid,
        msgctxt=old.msgctxt,
        msgid_plural=old.msgid_plural,
        msgstr=old.msgstr,
        msgstr_plural=dict(old.msgstr_plural),
        tcomment=old.tcomment,
        flags=list(old.flags),
        previous_msgid=old.previous_msgid,
        previous_msgctxt=old.previous_msgctxt,
        obsolete=True,
    )
