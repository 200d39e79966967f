"""Robustness: mutated articles and catalogues never crash eulerdoc, never take long and
never cost a translation or a file.

Seeds are small articles written here and, when ``../shared/corpus`` is present, a few
real ones. Mutations: truncation, random bytes, invalid UTF-8 and GBK bytes, a BOM or NUL
in the middle, unbalanced markup, huge lines, deep nesting, hostile or broken YAML,
mixed newlines; for catalogues also broken quotes, duplicate entries, a wrong charset,
lone CRs, hostile translations and shuffled translations.

Properties:

- the facade (``load_article``, ``lint``, ``extract``, ``update``, ``build``) raises
  nothing but :class:`eulerdoc.EulerdocError`;
- the command line returns 0, 1 or 2 and never prints a traceback;
- every command and facade call finishes within a time linear in the input's size
  (:data:`BASE_SECONDS` plus :data:`SECONDS_PER_BYTE` per byte);
- ``update`` keeps every translation the catalogue had (active, fuzzy or obsolete) and
  leaves the catalogue byte for byte as it was when it fails;
- ``build`` and ``check-po`` never modify the catalogue, and a failed ``build`` leaves
  the output as it was (absent, or unchanged); a translator's ``<script>`` never
  reaches the article.

``EULERDOC_FUZZ_EXAMPLES`` multiplies the number of examples and draws new ones
(``scripts/fuzz.py`` runs long sessions with it); inputs that once broke eulerdoc are
kept in ``tests/fixtures/fuzz/`` and replayed by :func:`test_regression_fixture`.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import eulerdoc
from eulerdoc.cli import main

from .conftest import CORPUS, FIXTURES

# Seconds one command or facade call may take: linear in the input's size, with a wide
# margin. markdown-it alone spends about 11 µs per byte on a line of '**x'; lint parses
# such a block about four times and ``lint --fix`` lints twice (a 130 KB one takes 5-12 s
# here), while a quadratic step at that size takes minutes.
BASE_SECONDS = 5.0
SECONDS_PER_BYTE = 150e-6
SCALE = max(1, int(os.environ.get("EULERDOC_FUZZ_EXAMPLES", "1") or 1))
REGRESSIONS = FIXTURES / "fuzz"

OWN_SEEDS = [
    (
        "---\ntitle: 'openEuler 社区动态'\ndate: '2024-07-24'\ncategory: news\ntags:\n"
        "  - openEuler\nbanner: img/banners/a.png\nauthor: openEuler\n"
        "summary: '本次大会汇聚全球开发者。'\n---\n\n"
        "标题\n====\n\n**注意：**正文第一段，包含\n硬换行和 `code` 以及"
        " [链接](https://www.openeuler.org/zh/)。\n\n"
        "- 列表项一\n  - 嵌套项\n- 列表项二\\_转义\n\n"
        "| 名称 | 说明 \\| 竖线 |\n| --- | --- |\n| a | b |\n\n"
        "```bash\necho 'not translated'\n```\n\n"
        '<div align="center"><img src="./media/image1.png" alt="架构图"></div>\n\n'
        "![image2](./media/image2.png)\n\n> 引用一行  \n> 第二行\n\n[ref]: https://gitee.com/openeuler\n"
    ),
    (
        "\ufeff---\r\ntitle: A post\r\ndate: 2020-06-24\r\ntags:\r\n- a\r\n- b\r\n"
        "archives: 2020-06\r\nauthor: someone\r\nsummary: s\r\n---\r\n\r\n"
        "Setext heading\r\n--------------\r\n\r\n1. one\r\n2. two &amp; three\r\n\r\n"
        "Paragraph with *emphasis* and a hard  \r\nbreak, no final newline"
    ),
    "no front matter at all\n\n# Heading\n\ntext [https://example.com] text\n",
    "---\ntitle: [unclosed\n---\nbody\n",
]

SNIPPETS = [
    "**", "*", "__", "[", "](", "![", "`", "```", "~~~", "<div>", "</div>", "<img",
    '<img src="x', "<!--", "<script>alert(1)</script>", "&", "&#x;", "\\", "|",
    "\n---\n", "\n===\n", "\n> ", "\n    ", "\n- ", "\n1. ", "\t", "\x00", "\ufeff",
    "\u2028", "\r", "\r\n", "openEule",
]  # fmt: skip

HOSTILE_YAML = [
    "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n",
    "title: !!python/object/apply:os.system ['echo pwned']\n",
    "title: " + "[" * 5000 + "]" * 5000 + "\n",
    "title: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
    "title:\tx\n\tdate: 1\n",
    "title: 'unclosed\n",
    "title: a\ntitle: b\n",
    "- just\n- a list\n",
    "just a scalar\n",
    "? [complex, key]\n: value\n",
    "title: 2025-13-45\n",
    "title: " + "9" * 6000 + "\n",
    "%YAML 1.1\n---\ntitle: x\n",
]


def _corpus_seeds() -> list[str]:
    if not CORPUS.is_dir():
        return []
    paths = sorted(p for p in CORPUS.rglob("*.md") if p.name != "README.md")
    chosen = paths[:5] + paths[5::12][:4]
    return [p.read_bytes().decode("utf-8", "replace") for p in chosen]


SEEDS = OWN_SEEDS + _corpus_seeds()


# --- mutations -------------------------------------------------------------------


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _random_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    noise = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
    return data[:at] + noise + data[at + rng.randrange(4) :]


def _gbk(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + "中文编码".encode("gbk") + data[at:]


def _snippet(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(SNIPPETS).encode("utf-8") * rng.randrange(1, 4) + data[at:]


def _huge_line(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    piece = rng.choice([b"a", b"*", b"[", b"\xe4\xb8\xad", b"**x", b"<b>", b"\\_"])
    return data[:at] + piece * rng.randrange(5_000, 60_000) + data[at:]


def _deep(data: bytes, rng: random.Random) -> bytes:
    depth = rng.randrange(500, 5000)
    shape = rng.choice([b"> " * depth + b"x\n", b"".join(b"  " * i + b"- x\n" for i in range(300))])
    shape = rng.choice([shape, b"[" * depth + b"x" + b"]" * depth + b"\n", b"*" * depth + b"\n"])
    at = rng.randrange(len(data) + 1)
    return data[:at] + b"\n" + shape + data[at:]


def _yaml(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") and "\n---\n" in text else text
    return ("---\n" + rng.choice(HOSTILE_YAML) + "---\n" + body).encode("utf-8")


def _newlines(data: bytes, rng: random.Random) -> bytes:
    out = bytearray()
    for byte in data:
        if byte == 0x0A and rng.random() < 0.3:
            out += rng.choice([b"\r\n", b"\r", b"\n\n", b"\r\r\n"])
        else:
            out.append(byte)
    return bytes(out)


ARTICLE_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    _truncate, _random_bytes, _gbk, _snippet, _huge_line, _deep, _yaml, _newlines,
]  # fmt: skip


def mutate(
    data: bytes, seed: int, mutations: list[Callable[[bytes, random.Random], bytes]]
) -> bytes:
    rng = random.Random(seed)
    for _ in range(rng.randrange(1, 4)):
        data = rng.choice(mutations)(data, rng)
    return data


# --- helpers -----------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> int:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, captured.err[-2000:])
    assert "Traceback" not in captured.err, captured.err[-4000:]
    assert "Traceback" not in captured.out, captured.out[-4000:]
    return code


def _facade(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except eulerdoc.EulerdocError:
        return None


def _translations(po: Path) -> set[str]:
    """Every non-empty msgstr of a catalogue: active, fuzzy and obsolete entries."""
    import polib

    catalogue = polib.pofile(str(po), wrapwidth=0)
    found = {entry.msgstr for entry in catalogue if entry.msgstr and entry.msgid}
    found |= {entry.msgstr for entry in catalogue.obsolete_entries() if entry.msgstr}
    return found


def _translated_catalogue(article: Path, po: Path) -> bool:
    """A catalogue of ``article`` whose every entry is translated ("EN " + msgid)."""
    import polib

    eulerdoc.update(article, po, lang="en")
    catalogue = polib.pofile(str(po), wrapwidth=0)
    for entry in catalogue:
        if entry.msgid:
            entry.msgstr = "EN " + entry.msgid
    catalogue.save(str(po))
    return True


class _Timed:
    """Runs each operation of an example and checks that it finishes within a time
    linear in the size of the input (a quadratic case takes minutes at these sizes)."""

    def __init__(self, capsys: pytest.CaptureFixture[str], size: int) -> None:
        self.capsys = capsys
        self.limit = BASE_SECONDS + SECONDS_PER_BYTE * size

    def __call__(self, call: Callable[[], Any]) -> Any:
        start = time.monotonic()
        result = call()
        elapsed = time.monotonic() - start
        assert elapsed < self.limit, f"took {elapsed:.1f} s (limit {self.limit:.1f} s)"
        return result

    def cli(self, *argv: str) -> int:
        code: int = self(lambda: _cli(self.capsys, *argv))
        return code

    def facade(self, call: Callable[[], Any]) -> Any:
        return self(lambda: _facade(call))


FUZZ = settings(
    max_examples=50 * SCALE,
    deadline=None,
    derandomize=SCALE == 1,
    database=None,
    # A failing example names its seed, which replays it; shrinking a seed only finds
    # other inputs, slowly (each example runs every command).
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- articles ----------------------------------------------------------------------


@FUZZ
@given(st.sampled_from(range(len(SEEDS))), st.integers(0, 2**32))
def test_mutated_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], index: int, seed: int
) -> None:
    data = mutate(SEEDS[index].encode("utf-8"), seed, ARTICLE_MUTATIONS)
    work = tmp_path / f"a{index}-{seed}"
    work.mkdir(exist_ok=True)
    path = work / "article.md"
    path.write_bytes(data)
    timed = _Timed(capsys, len(data))
    article = timed.facade(lambda: eulerdoc.load_article(path))
    found = timed(lambda: eulerdoc.lint(path))
    assert all(isinstance(d, eulerdoc.Diagnostic) for d in found)
    if article is not None:
        timed(lambda: eulerdoc.lint(article))
        timed.facade(lambda: eulerdoc.extract(article))
    timed.cli("lint", str(path), "--format", "json")
    timed.cli("lint", str(path), "--fix", "--quiet")
    pot = work / "article.pot"
    if timed.cli("extract", str(path), "-o", str(pot)) == 0:
        assert pot.is_file()
    po = work / "article.po"
    timed.cli("update", str(path), "--po", str(po))
    out = work / "out.md"
    if po.exists():
        before = po.read_bytes()
        timed.cli("build", str(path), "--po", str(po), "-o", str(out))
        timed.cli("check-po", str(po))
        assert po.read_bytes() == before


# --- catalogues --------------------------------------------------------------------


def _po_truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _po_bytes(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + "".join(chr(rng.randrange(1, 0x3000)) for _ in range(8)) + text[at:]


def _po_quote(text: str, rng: random.Random) -> str:
    quotes = [i for i, c in enumerate(text) if c == '"']
    if not quotes:
        return text + '"'
    at = rng.choice(quotes)
    return text[:at] + rng.choice(["", '""', "\\", '"x"', '"\\q']) + text[at + 1 :]


def _po_duplicate(text: str, rng: random.Random) -> str:
    entries = text.split("\n\n")
    if len(entries) > 1:
        entries.append(rng.choice(entries[1:]))
    return "\n\n".join(entries)


def _po_charset(text: str, rng: random.Random) -> str:
    return text.replace("charset=UTF-8", rng.choice(["charset=GBK", "charset=", "charset=latin-1"]))


def _po_header(text: str, rng: random.Random) -> str:
    return text.split("\n\n", 1)[1] if "\n\n" in text else text


def _po_cr(text: str, rng: random.Random) -> str:
    return text.replace("\n", "\r", rng.randrange(1, 5))


def _po_huge(text: str, rng: random.Random) -> str:
    return text.replace('msgstr "EN ', 'msgstr "EN ' + "长" * rng.randrange(10_000, 200_000), 1)


def _po_hostile(text: str, rng: random.Random) -> str:
    hostile = rng.choice(
        [
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
            "![x](data:image/png;base64,AAAA)",
            "<img src=x onerror=alert(1)>",
            "[evil](https://evil.example/)",
            "\\n# injected heading\\n",
            "```\\ncode\\n```",
            "**unbalanced",
            "`code`",
        ]
    )
    return text.replace('msgstr "EN ', 'msgstr "EN ' + hostile, rng.randrange(1, 4))


def _po_delete(text: str, rng: random.Random) -> str:
    entries = text.split("\n\n")
    if len(entries) > 2:
        del entries[rng.randrange(1, len(entries))]
    return "\n\n".join(entries)


def _po_swap(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    strs = [i for i, line in enumerate(lines) if line.startswith("msgstr ")]
    if len(strs) > 1:
        a, b = rng.sample(strs, 2)
        lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


PO_MUTATIONS: list[Callable[[str, random.Random], str]] = [
    _po_truncate, _po_bytes, _po_quote, _po_duplicate, _po_charset, _po_header, _po_cr,
    _po_huge, _po_hostile, _po_delete, _po_swap,
]  # fmt: skip


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    work = tmp_path_factory.mktemp("translated")
    article = work / "article.md"
    article.write_text(OWN_SEEDS[0], encoding="utf-8")
    po = work / "article.po"
    _translated_catalogue(article, po)
    return article, po.read_text(encoding="utf-8")


@FUZZ
@given(st.integers(0, 2**32))
def test_mutated_catalogues(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    translated: tuple[Path, str],
    seed: int,
) -> None:
    article, text = translated
    rng = random.Random(seed)
    for _ in range(rng.randrange(1, 4)):
        text = rng.choice(PO_MUTATIONS)(text, rng)
    work = tmp_path / f"p{seed}"
    work.mkdir(exist_ok=True)
    po = work / "article.po"
    po.write_bytes(text.encode("utf-8"))
    before = po.read_bytes()
    out = work / "out.md"
    existing = work / "existing.md"
    existing.write_bytes(b"previous build\n")
    timed = _Timed(capsys, len(before) + article.stat().st_size)
    timed.cli("check-po", str(po))
    timed.cli("build", str(article), "--po", str(po), "-o", str(out))
    timed.cli("build", str(article), "--po", str(po), "-o", str(existing))
    # Exit 1 also reports rejected translations (built from the source text instead),
    # so what counts is what was written: the whole article or nothing.
    same_place = work / "facade.md"  # image paths are rewritten for the output folder
    result = timed.facade(lambda: eulerdoc.build(article, po, same_place))
    if result is None or not result.complete:
        assert not out.exists(), "a failed build left an output file"
        assert existing.read_bytes() == b"previous build\n"
    else:
        assert out.read_bytes() == existing.read_bytes() == same_place.read_bytes()
        assert b"<script>" not in result.data
    timed.cli("stats", str(po))
    assert po.read_bytes() == before, "build/check-po modified the catalogue"


# --- update never loses a translation ----------------------------------------------


@FUZZ
@given(st.sampled_from(range(len(OWN_SEEDS))), st.integers(0, 2**32))
def test_update_keeps_every_translation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], index: int, seed: int
) -> None:
    work = tmp_path / f"u{index}-{seed}"
    work.mkdir(exist_ok=True)
    article = work / "article.md"
    source = OWN_SEEDS[index].encode("utf-8")
    article.write_bytes(source)
    po = work / "article.po"
    if po.exists():
        po.unlink()
    if _facade(lambda: _translated_catalogue(article, po)) is None:
        return  # the seed itself cannot be read
    kept = _translations(po)
    before = po.read_bytes()
    mutated = mutate(source, seed, ARTICLE_MUTATIONS)
    article.write_bytes(mutated)
    timed = _Timed(capsys, len(mutated) + len(before))
    code = timed.cli("update", str(article), "--po", str(po))
    if code != 0:
        assert po.read_bytes() == before, "a failed update changed the catalogue"
    timed.facade(lambda: eulerdoc.update(article, po, lang="en"))
    assert kept <= _translations(po), "update lost translations"


# --- inputs that once broke eulerdoc --------------------------------------------------


def _regressions() -> list[Path]:
    return sorted(p for p in REGRESSIONS.glob("*") if p.suffix in (".md", ".po"))


@pytest.mark.parametrize("path", _regressions(), ids=lambda p: p.name)
def test_regression_fixture(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], translated: tuple[Path, str]
) -> None:
    timed = _Timed(capsys, path.stat().st_size)
    if path.suffix == ".md" and path.name != "README.md":
        target = tmp_path / "article.md"
        target.write_bytes(path.read_bytes())
        timed.cli("lint", str(target))
        timed.cli("extract", str(target), "-o", str(tmp_path / "a.pot"))
        timed.cli("update", str(target), "--po", str(tmp_path / "a.po"))
    elif path.suffix == ".po":
        article, _text = translated
        timed.cli("check-po", str(path))
        timed.cli("build", str(article), "--po", str(path), "-o", str(tmp_path / "o.md"))


def test_regression_fixtures_exist() -> None:
    assert len(_regressions()) >= 3
