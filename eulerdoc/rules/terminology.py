"""Terminology rules: brand names written the way the brand writes them.

TERM001 checks ``openEuler`` and the configured ``glossary`` terms (``openGauss``,
``iSula``, ``A-Tune`` ...) in the prose a reader sees: paragraphs, headings, table
cells, link text, image descriptions, the text of HTML blocks and the ``title`` and
``summary`` of the front matter (the keys in ``front-matter-keys``).

What counts as prose comes from the parser (see :mod:`eulerdoc.rules.rendering`): code
spans and blocks, link and image targets, autolinks, raw HTML tags and their attributes,
and bare URLs are left out. So are ASCII "chunks" that are identifiers rather than words:
anything with ``/ \\ @ _ : = ? & % # ~``, a dot between letters (``openeuler.org``,
``x.repo``), a leading ``-`` (command-line options) or an all-lowercase hyphenated slug
(``src-openeuler``, ``openeuler-release``). Front-matter tags, author and banner are
identifiers too and are not checked.

A word is a run of ASCII letters, so a term glued to Chinese text (``的openEule社区``)
is a word of its own. A word (or two or three words joined by one space or hyphen) is
reported when it spells a term with other letter case or separators (``OpenEuler``,
``open Euler``, ``ATune``), or, for terms of six letters or more, when it is a near miss:
an edit distance of at most 1 (6-7 letters) or 2 (8 letters or more), like ``openEule``
or ``openEuer``. Words that merely contain a term (``openEulerOS``) are compounds, not
misspellings.

All-lowercase spellings (``openeuler``) are reported without an automatic fix: that is
also how the gitee organisation, user names and packages are written, which belong in
backticks. Right after "密码", "用户名", "password" and similar words such a word is a
credential and is not reported at all.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from eulerdoc.diagnostic import Diagnostic, Edit, Fix
from eulerdoc.i18n import N_, _
from eulerdoc.rules.registry import checker, define_rule

if TYPE_CHECKING:
    from eulerdoc.article.model import Article
    from eulerdoc.rules.context import LintContext

define_rule(
    "TERM001",
    "brand-spelling",
    N_("A brand name is misspelt or written with the wrong letter case"),
    N_("""
What it does: finds 'openEuler' and the terms of the configured glossary written
another way in the text readers see: other letter case ('OpenEuler', 'Openeuler',
'OPENEULER'), split or joined differently ('open Euler', 'ATune' for 'A-Tune'), or
misspelt by a letter or two ('openEule', 'openEuer'), also when glued to Chinese text
('的openEule社区'). Code, URLs, file names, e-mail addresses, command-line options,
HTML attributes and lowercase slugs such as 'src-openeuler' are not checked, nor are
the front-matter tags.
Why: the brand is 'openEuler', with a lowercase 'o' and a capital 'E', at the start
of a sentence too. Misspellings look careless on an official page and break searches.
Example: '欢迎参加openEule技术分论坛' and 'OpenEuler 24.03 LTS is released'.
Fix: write the term exactly as in the glossary ('openEuler'); the automatic fix does,
except for all-lowercase 'openeuler', which is also how the gitee organisation, user
names and packages are written: fix it by hand, or put such a name in backticks.
Add more terms with 'glossary = ["openGauss", "iSula", "A-Tune"]' under
[tool.eulerdoc]; 'openEuler' is always checked.
"""),
    fixable=True,
)

DEFAULT_TERM = "openEuler"

_TERM_SHAPE = re.compile(r"[A-Za-z]+(?:[ -][A-Za-z]+)*")
_CHUNK = re.compile(r"[A-Za-z0-9_./@:\\~=?&%#-]+")
_IDENTIFIER_CHARS = re.compile(r"[/\\@_:=?&%#~]|[A-Za-z]\.[A-Za-z0-9]|[0-9]\.[A-Za-z]")
_WORD = re.compile(r"[A-Za-z]+")
_CREDENTIAL = re.compile(
    r"(?:密码|口令|用户名|用户|账号|帐号|账户|登录名|主机名|password|passwd|username|user|"
    r"login|hostname)(?:\s*(?:is|was|为|是))?\W{0,3}$",
    re.IGNORECASE,
)
_CODE_ELEMENTS = r"script|style|pre|code|kbd|samp|tt|var|textarea"
_HTML_PIECE = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(" + _CODE_ELEMENTS + r")\b.*?</\1\s*>|<[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
# Code written as inline HTML in a paragraph: the tags are raw HTML, the text between
# them is code, not prose.
_CODE_ELEMENT = re.compile(
    r"<(" + _CODE_ELEMENTS + r")\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
MASK = "\x00"
IDENTIFIER_MASK = "&"  # makes the chunk it is in an identifier, which is never checked


@dataclass(frozen=True)
class Term:
    text: str  # as the brand writes it: "openEuler", "A-Tune"
    key: str  # its letters in lower case: "openeuler", "atune"
    parts: int  # words in it: 1 for "openEuler", 2 for "A-Tune"

    @cached_property
    def pieces(self) -> frozenset[str]:
        """The three-letter pieces of the key."""
        return frozenset(self.key[i : i + 3] for i in range(0, len(self.key) - 2))

    @property
    def max_distance(self) -> int:
        if len(self.key) >= 8:
            return 2
        return 1 if len(self.key) >= 6 else 0


def glossary_terms(glossary: list[str]) -> list[Term]:
    """``openEuler`` and the configured terms; entries that are not words are ignored."""
    out: list[Term] = []
    seen: set[str] = set()
    for entry in [DEFAULT_TERM, *glossary]:
        text = entry.strip()
        if not _TERM_SHAPE.fullmatch(text):
            continue
        key = "".join(_WORD.findall(text)).lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(Term(text, key, len(_WORD.findall(text))))
    return out


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance with transpositions (optimal string alignment), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# --- where the prose is ------------------------------------------------------------


@dataclass
class _Source:
    """A piece of prose: its text (non-prose masked) and how to find it in the article."""

    text: str
    offset: Callable[[int], int]
    # Whether an edit of the source (its own indexes) changes only the visible text.
    safe_edit: Callable[[int, int, str], bool] | None = None


def _masked(
    text: str, ranges: list[tuple[int, int]], entities: Sequence[tuple[int, int]] = ()
) -> str:
    """``text`` with ``ranges`` masked. An entity that stands for a letter or digit
    (``&#79;``) is part of the word it touches, which is then not checked at all: the
    word the reader sees is not the one the source spells."""
    chars = list(text)
    for start, end in ranges:
        for index in range(max(0, start), min(end, len(chars))):
            if chars[index] != "\n":
                chars[index] = MASK
    for start, end in entities:
        decoded = html.unescape(text[start:end])
        if len(decoded) == 1 and decoded.isascii() and decoded.isalnum():
            chars[start:end] = IDENTIFIER_MASK * (end - start)
    return "".join(chars)


def _inline_sources(article: Article, terms: Sequence[Term]) -> Iterator[_Source]:
    from eulerdoc.rules.rendering import bare_url_ranges, inline_views

    for view in inline_views(article):
        # Masking only replaces characters, so a block that cannot contain a term before
        # masking cannot after: such blocks skip the inline scan.
        if not any(_could_contain(view.src, term) for term in terms):
            continue
        src = view.src
        hidden = view.opaque() + bare_url_ranges(src)
        if "<" in src:
            hidden += [m.span() for m in _CODE_ELEMENT.finditer(src)]
        entities = [m.span() for m in _ENTITY.finditer(src)] if "&" in src else []
        yield _Source(_masked(src, hidden, entities), view.offset, view.changes_only_text)


def _html_sources(article: Article) -> Iterator[_Source]:
    text = article.text
    for token in article.tokens:
        if token.type != "html_block" or not token.map:
            continue
        start = article.line_span(token.map[0])[0]
        end = article.line_span(token.map[1] - 1)[1]
        block = text[start:end]
        hidden = [m.span() for m in _HTML_PIECE.finditer(block)]
        hidden += [m.span() for m in re.finditer(r"(?:https?|ftp)://\S+|www\.\S+", block)]
        entities = [m.span() for m in _ENTITY.finditer(block)]
        yield _Source(_masked(block, hidden + entities, entities), _plain_offset(start))


def _plain_offset(base: int) -> Callable[[int], int]:
    return lambda index: base + index


def _front_matter_sources(article: Article, keys: list[str]) -> Iterator[_Source]:
    fm = article.front_matter
    if fm is None or fm.data is None:
        return
    for key in keys:
        span = fm.keys.get(key)
        if span is None or span.style in ("map", "seq"):
            continue
        start = fm.yaml_start + span.value_start
        value = article.text[start : fm.yaml_start + span.value_end]
        hidden = [m.span() for m in re.finditer(r"\\.|(?:https?|ftp)://\S+|www\.\S+", value)]
        yield _Source(_masked(value, hidden), _plain_offset(start))


# --- finding the words ---------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str


def _chunk_words(source: str) -> list[list[_Word]]:
    """Words of the prose, grouped into runs where words are joined by one space or '-'."""
    words: list[_Word] = []
    for match in _CHUNK.finditer(source):
        chunk = match.group().rstrip(".:-")
        if (
            not chunk
            or _IDENTIFIER_CHARS.search(chunk)
            or chunk.startswith(("-", "."))
            or ("-" in chunk and chunk == chunk.lower())
        ):
            continue
        begin = match.start()
        words.extend(
            _Word(begin + w.start(), begin + w.end(), w.group()) for w in _WORD.finditer(chunk)
        )
    groups: list[list[_Word]] = []
    for word in words:
        if groups and source[groups[-1][-1].end : word.start] in ("-", " "):
            groups[-1].append(word)
        else:
            groups.append([word])
    return groups


@dataclass(frozen=True)
class _Finding:
    start: int
    end: int
    found: str
    term: Term
    near_miss: bool


def _space_joined_ok(words: list[_Word], source: str) -> bool:
    """'open Euler' is a split brand name; 'a tune' is English: a later word must be capitalised."""
    for left, right in itertools.pairwise(words):
        if source[left.end : right.start] == " " and not right.text[0].isupper():
            return False
    return True


def _findings(source: str, terms: list[Term]) -> Iterator[_Finding]:
    for group in _chunk_words(source):
        correct: list[tuple[int, int]] = []
        candidates: list[_Finding] = []
        for size in (3, 2, 1):
            for index in range(len(group) - size + 1):
                words = group[index : index + size]
                start, end = words[0].start, words[-1].end
                found = source[start:end]
                letters = "".join(w.text for w in words)
                lowered = letters.lower()
                for term in terms:
                    if found == term.text:
                        correct.append((start, end))
                        continue
                    if lowered == term.key:
                        if size > 1 and not _space_joined_ok(words, source):
                            continue
                        if letters == lowered and _CREDENTIAL.search(
                            source[max(0, start - 16) : start]
                        ):
                            continue
                        candidates.append(_Finding(start, end, found, term, False))
                    elif (
                        size == 1
                        and term.max_distance
                        and term.key not in lowered
                        and distance(lowered, term.key, term.max_distance) <= term.max_distance
                    ):
                        candidates.append(_Finding(start, end, found, term, True))
        taken: list[tuple[int, int]] = list(correct)
        for finding in sorted(candidates, key=lambda f: (f.start, -(f.end - f.start))):
            if any(finding.start < e and s < finding.end for s, e in taken):
                continue
            taken.append((finding.start, finding.end))
            yield finding


@checker("TERM001")
def check_terminology(ctx: LintContext) -> Iterator[Diagnostic]:
    terms = glossary_terms(list(ctx.config.glossary))
    if not terms:
        return
    article = ctx.article
    sources = [
        *_front_matter_sources(article, list(ctx.config.front_matter_keys)),
        *_inline_sources(article, terms),
        *_html_sources(article),
    ]
    for source in sources:
        if not any(_could_contain(source.text, term) for term in terms):
            continue
        for finding in _findings(source.text, terms):
            begin = source.offset(finding.start)
            end = begin + (finding.end - finding.start)
            lowercase = finding.found == finding.found.lower()
            if lowercase:
                # Also how accounts, organisations and packages are named: no automatic fix.
                message = _(
                    "brand name written '{found}': write '{term}', or put '{found}' in "
                    "backticks if it is an account, organisation or package name"
                )
            elif finding.near_miss:
                message = _("misspelt brand name '{found}': write '{term}'")
            else:
                message = _("brand name written '{found}': write '{term}'")
            message = message.format(found=finding.found, term=finding.term.text)
            fix = None
            if not lowercase and (
                source.safe_edit is None
                or source.safe_edit(finding.start, finding.end, finding.term.text)
            ):
                fix = Fix(
                    (Edit(begin, end, finding.term.text),),
                    _("write '{term}'").format(term=finding.term.text),
                )
            yield ctx.at_offset("TERM001", begin, message, fix)


def _could_contain(text: str, term: Term) -> bool:
    """A cheap pre-check: some three-letter piece of the term occurs in ``text`` once the
    term's correct spellings are taken out. A finding never includes a correct spelling:
    a word containing it is not a near miss, and words equal to the term are correct."""
    if term.text in text:
        text = text.replace(term.text, MASK)
    lowered = text.lower()
    key = term.key
    if len(key) <= 3:
        return key in lowered
    return any(piece in lowered for piece in term.pieces)
