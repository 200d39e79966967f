"""Maintain eulerdoc's own message catalogues in ``locale/``.

    python scripts/i18n.py extract   # eulerdoc/**/*.py -> locale/eulerdoc.pot (Babel)
    python scripts/i18n.py update    # .pot -> locale/<lang>/LC_MESSAGES/eulerdoc.po
    python scripts/i18n.py compile   # .po -> .mo beside it
    python scripts/i18n.py check     # exit 1 when anything above is stale or incomplete

Messages are the literal strings passed to ``_()`` (translated at once) and ``N_()``
(marked only: rule summaries and docs, translated when shown). References name the
source file without a line number, and the date fields of a header keep their value
unless the rest of the file changed, so moving code around does not churn the catalogues.
Every zh_CN message must be translated (not fuzzy) with the same ``{placeholders}``;
the en catalogue keeps empty translations, so English falls back to the msgids.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import string
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from eulerdoc.fsio import write_atomic  # noqa: E402

PACKAGE = ROOT / "eulerdoc"
LOCALE = ROOT / "locale"
DOMAIN = "eulerdoc"
POT = LOCALE / f"{DOMAIN}.pot"
KEYWORDS = {"_": None, "N_": None}
COMMENT_TAGS = ("TRANSLATORS:",)
WRAP = 78
DATE_FORMAT = "%Y-%m-%d %H:%M%z"
FUZZY_CUTOFF = 0.6

# Language -> (team, plural forms, must be fully translated).
LANGUAGES: dict[str, tuple[str, str, bool]] = {
    "zh_CN": ("Chinese (Simplified)", "nplurals=1; plural=0;", True),
    "en": ("English", "nplurals=2; plural=(n != 1);", False),
}


def po_path(lang: str, root: Path = LOCALE) -> Path:
    return root / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str, root: Path = LOCALE) -> Path:
    return po_path(lang, root).with_suffix(".mo")


def placeholders(text: str) -> list[str]:
    """The ``{...}`` replacement fields of a ``str.format`` message, sorted."""
    fields = []
    try:
        for _literal, name, spec, conversion in string.Formatter().parse(text):
            if name is not None:
                fields.append(
                    "{"
                    + name
                    + (f"!{conversion}" if conversion else "")
                    + (f":{spec}" if spec else "")
                    + "}"
                )
    except ValueError:
        return ["<invalid format string>"]
    return sorted(fields)


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime(DATE_FORMAT)


def _render(po: polib.POFile) -> bytes:
    return str(po).encode("utf-8")


def _keep_dates(
    build: Callable[[dict[str, str]], polib.POFile], path: Path, fields: Sequence[str]
) -> bytes:
    """Render a file whose ``fields`` keep their current values unless anything else changed."""
    old: dict[str, str] = {}
    current = path.read_bytes() if path.is_file() else None
    if current is not None:
        metadata = polib.pofile(current.decode("utf-8"), wrapwidth=WRAP).metadata
        old = {name: metadata[name] for name in fields if name in metadata}
    if len(old) == len(fields):
        data = _render(build(old))
        if data == current:
            return data
    now = _now()
    return _render(build(dict.fromkeys(fields, now)))


# --- extract -------------------------------------------------------------------------


def extract_entries(package: Path = PACKAGE) -> list[polib.POEntry]:
    """Every ``_()`` and ``N_()`` message under ``package``, in file order, merged by msgid."""
    from babel.messages.extract import extract_from_dir

    found: dict[tuple[str | None, str], polib.POEntry] = {}
    for filename, _lineno, message, comments, context in extract_from_dir(
        str(package),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        if not isinstance(message, str) or not message:
            continue
        reference = f"{package.name}/{Path(filename).as_posix()}"
        key = (context, message)
        entry = found.get(key)
        if entry is None:
            entry = polib.POEntry(msgid=message, msgstr="", msgctxt=context, occurrences=[])
            if placeholders(message):
                entry.flags.append("python-brace-format")
            found[key] = entry
        if (reference, "") not in entry.occurrences:
            entry.occurrences.append((reference, ""))
        for comment in comments:
            if comment not in entry.comment.split("\n"):
                entry.comment = f"{entry.comment}\n{comment}" if entry.comment else comment
    return list(found.values())


def _header(po: polib.POFile, title: str) -> None:
    po.header = f"{title}\nThis file is distributed under the same license as eulerdoc."


def build_template(entries: Iterable[polib.POEntry], dates: dict[str, str]) -> polib.POFile:
    po = polib.POFile(wrapwidth=WRAP)
    _header(po, "Messages of eulerdoc.")
    po.metadata = {
        "Project-Id-Version": "eulerdoc",
        "POT-Creation-Date": dates["POT-Creation-Date"],
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for entry in entries:
        po.append(entry)
    return po


def render_template(package: Path = PACKAGE, pot: Path = POT) -> bytes:
    entries = extract_entries(package)
    return _keep_dates(lambda dates: build_template(entries, dates), pot, ["POT-Creation-Date"])


# --- update --------------------------------------------------------------------------


def _closest(msgid: str, candidates: dict[str, polib.POEntry]) -> polib.POEntry | None:
    match = difflib.get_close_matches(msgid, list(candidates), n=1, cutoff=FUZZY_CUTOFF)
    return candidates[match[0]] if match else None


def merge(template: polib.POFile, old: polib.POFile | None) -> list[polib.POEntry]:
    """msgmerge: keep translations, carry a reworded message's translation over as fuzzy."""
    previous = {} if old is None else {(e.msgctxt, e.msgid): e for e in old if not e.obsolete}
    kept = {(e.msgctxt, e.msgid) for e in template}
    removed = {e.msgid: e for key, e in previous.items() if key not in kept and e.msgstr}
    merged = []
    for source in template:
        entry = polib.POEntry(
            msgid=source.msgid,
            msgctxt=source.msgctxt,
            msgstr="",
            occurrences=list(source.occurrences),
            comment=source.comment,
            flags=list(source.flags),
        )
        existing = previous.get((source.msgctxt, source.msgid))
        if existing is not None:
            entry.msgstr = existing.msgstr
            entry.tcomment = existing.tcomment
            if existing.fuzzy and existing.msgstr:
                entry.flags.append("fuzzy")
                entry.previous_msgid = existing.previous_msgid
        else:
            closest = _closest(source.msgid, removed)
            if closest is not None:
                entry.msgstr = closest.msgstr
                entry.tcomment = closest.tcomment
                entry.flags.append("fuzzy")
                entry.previous_msgid = closest.msgid
        merged.append(entry)
    return merged


def build_catalog(
    lang: str, entries: Iterable[polib.POEntry], template: polib.POFile, dates: dict[str, str]
) -> polib.POFile:
    team, plural_forms, _required = LANGUAGES[lang]
    po = polib.POFile(wrapwidth=WRAP)
    _header(po, f"{team} messages of eulerdoc.")
    po.metadata = {
        "Project-Id-Version": "eulerdoc",
        "POT-Creation-Date": template.metadata.get("POT-Creation-Date", ""),
        "PO-Revision-Date": dates["PO-Revision-Date"],
        "Last-Translator": "eulerdoc maintainers",
        "Language-Team": team,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
    }
    for entry in entries:
        po.append(entry)
    return po


def render_catalog(lang: str, root: Path = LOCALE, pot: Path = POT) -> bytes:
    template = polib.pofile(str(pot), wrapwidth=WRAP)
    path = po_path(lang, root)
    old = polib.pofile(str(path), wrapwidth=WRAP) if path.is_file() else None
    entries = merge(template, old)
    return _keep_dates(
        lambda dates: build_catalog(lang, entries, template, dates), path, ["PO-Revision-Date"]
    )


# --- compile -------------------------------------------------------------------------


def render_mo(lang: str, root: Path = LOCALE) -> bytes:
    po = polib.pofile(str(po_path(lang, root)), wrapwidth=WRAP)
    data: bytes = po.to_binary()
    return data


# --- check ---------------------------------------------------------------------------


def catalog_problems(lang: str, root: Path = LOCALE, pot: Path = POT) -> list[str]:
    """What is wrong with one language's .po (missing, out of sync, untranslated...)."""
    path = po_path(lang, root)
    shown = _shown(path)
    if not path.is_file():
        return [f"{shown}: missing (run: python scripts/i18n.py update)"]
    try:
        po = polib.pofile(str(path), wrapwidth=WRAP)
        template = polib.pofile(str(pot), wrapwidth=WRAP)
    except (OSError, ValueError) as exc:
        return [f"{shown}: cannot read: {exc}"]
    problems = []
    expected = {(e.msgctxt, e.msgid) for e in template}
    actual = {(e.msgctxt, e.msgid) for e in po if not e.obsolete}
    if expected != actual:
        problems.append(
            f"{shown}: {len(expected - actual)} message(s) missing and {len(actual - expected)} "
            "no longer used (run: python scripts/i18n.py update)"
        )
    required = LANGUAGES[lang][2]
    for entry in po:
        if entry.obsolete:
            continue
        where = f"{shown}:{entry.linenum}"
        if entry.fuzzy:
            problems.append(f"{where}: fuzzy translation of {entry.msgid!r}")
        elif required and not entry.msgstr:
            problems.append(f"{where}: untranslated {entry.msgid!r}")
        if entry.msgstr and placeholders(entry.msgstr) != placeholders(entry.msgid):
            problems.append(
                f"{where}: placeholders {placeholders(entry.msgstr)} differ from "
                f"{placeholders(entry.msgid)} in {entry.msgid!r}"
            )
    return problems


def problems(root: Path = LOCALE, package: Path = PACKAGE) -> list[str]:
    pot = root / POT.name
    found = []
    if not pot.is_file() or render_template(package, pot) != pot.read_bytes():
        found.append(f"{_shown(pot)}: out of date (run: python scripts/i18n.py extract)")
        return found
    for lang in LANGUAGES:
        found.extend(catalog_problems(lang, root, pot))
        path = po_path(lang, root)
        mo = mo_path(lang, root)
        if path.is_file() and (not mo.is_file() or render_mo(lang, root) != mo.read_bytes()):
            found.append(f"{_shown(mo)}: out of date (run: python scripts/i18n.py compile)")
    return found


def _shown(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


# --- command line --------------------------------------------------------------------


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    state = "updated" if write_atomic(path, data) else "unchanged"
    print(f"{_shown(path)}: {state}")


def cmd_extract() -> int:
    _write(POT, render_template())
    return 0


def cmd_update() -> int:
    for lang in LANGUAGES:
        _write(po_path(lang), render_catalog(lang))
    return 0


def cmd_compile() -> int:
    for lang in LANGUAGES:
        _write(mo_path(lang), render_mo(lang))
    return 0


def cmd_check() -> int:
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print(f"{len(found)} problem(s) in locale/", file=sys.stderr)
        return 1
    print("locale/: up to date")
    return 0


COMMANDS: dict[str, Callable[[], int]] = {
    "extract": cmd_extract,
    "update": cmd_update,
    "compile": cmd_compile,
    "check": cmd_check,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/i18n.py", description="Maintain eulerdoc's own message catalogues."
    )
    parser.add_argument(
        "command", choices=[*COMMANDS, "all"], help="'all' = extract, update, compile"
    )
    args = parser.parse_args(argv)
    if args.command == "all":
        return cmd_extract() or cmd_update() or cmd_compile()
    return COMMANDS[args.command]()


if __name__ == "__main__":
    sys.exit(main())
