"""extract → catalogue → build, over every real article and the adversarial fixtures.

- identity: a catalogue whose every msgstr equals its msgid rebuilds the article byte
  for byte (also after a trip through PO text), and extracting the rebuilt article
  gives the same catalogue;
- pseudo-translation: every CJK character of every msgstr becomes Latin (URLs, code,
  reference labels untouched): the built article renders to the same block and
  inline structure (same link targets, image sources and code), no CJK is left
  outside code and untranslatable places, and extracting it gives the pseudo msgids;
- a hypothesis property test does both on Markdown generated from a small grammar.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from eulerdoc.article import Article, load_bytes
from eulerdoc.article.segments import FRONT_MATTER, HTML, is_meaningless_alt
from eulerdoc.l10n.build import build
from eulerdoc.l10n.catalog import Message, catalogue_text, read_po_bytes
from eulerdoc.l10n.extract import extract
from tests.conftest import FIXTURES, corpus_articles

L10N = FIXTURES / "l10n"


def fixture_articles() -> list[Path]:
    return sorted(L10N.glob("*.md"))


def _id(path: Path) -> str:
    return path.name


ARTICLES = corpus_articles() + fixture_articles()


def variants(data: bytes) -> dict[str, bytes]:
    """The article as it is, and with CRLF, with a BOM, without its final newline."""
    lf = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    out = {
        "as-is": data,
        "crlf": lf.replace(b"\n", b"\r\n"),
        "bom": data if data.startswith(b"\xef\xbb\xbf") else b"\xef\xbb\xbf" + data,
        "no-final-newline": data.rstrip(b"\r\n"),
    }
    return out


# --- identity ---------------------------------------------------------------------------


def identity_messages(article: Article) -> list[Message]:
    catalogue = extract(article, lang="en", reference="article.md")
    for entry in catalogue:
        entry.msgstr = entry.msgid
    # through PO text and back, as a translator's file would come
    return read_po_bytes(catalogue_text(catalogue).encode("utf-8"), "article.po")


def assert_identity(data: bytes, name: str = "article.md") -> None:
    article = load_bytes(data, Path(name))
    messages = identity_messages(article)
    result = build(article, messages)
    assert result.diagnostics == []
    assert result.data == data
    assert result.completion == 100.0
    rebuilt = load_bytes(result.data, Path(name))
    assert catalogue_text(extract(rebuilt, reference="article.md")) == catalogue_text(
        extract(article, reference="article.md")
    )


@pytest.mark.parametrize("path", ARTICLES, ids=_id)
def test_identity_rebuilds_every_article_byte_for_byte(path: Path) -> None:
    assert_identity(path.read_bytes(), path.name)


@pytest.mark.parametrize("path", fixture_articles(), ids=_id)
@pytest.mark.parametrize("variant", ["crlf", "bom", "no-final-newline"])
def test_identity_survives_newline_bom_and_final_newline_variants(path: Path, variant: str) -> None:
    assert_identity(variants(path.read_bytes())[variant], path.name)


def test_the_corpus_is_covered() -> None:
    if not corpus_articles():
        pytest.skip("../shared/corpus is not present")
    assert len(corpus_articles()) >= 50


# --- pseudo-translation ------------------------------------------------------------------

_CJK = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_IDEOGRAPH = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CODE_SPAN = r"|(?P<ticks>`+)[\s\S]*?(?<!`)(?P=ticks)(?!`)"
_KEEP_REST = (
    r"|<[^<>\n]*>"  # tags and autolinks
    r"|\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"  # (dest "t")
    r"|\]\[[^\[\]]*\]"  # full reference: ][label]
    r"|(?:https?|ftp)://[!-;=?-~]+|www\.[!-;=?-~]+"  # URLs (up to a '<' or '>')
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z0-9]+);"  # entities
)
_KEEP = re.compile(r"\\[\s\S]" + _CODE_SPAN + _KEEP_REST)  # escapes, code spans, ...
# Text in an HTML block is not Markdown: backticks there are literal characters.
_KEEP_IN_HTML = re.compile(r"\\[\s\S]" + _KEEP_REST)
_SHORTCUT = re.compile(r"(?<![\\\]])(!?)\[((?:\\.|[^\[\]\\])+)\](\[\])?(?![\[(:])")


def _latin(char: str) -> str:
    category = unicodedata.category(char)
    if category.startswith(("P", "S")):
        return ","
    if category == "Zs":
        return " "
    if category.startswith("N"):
        folded = unicodedata.normalize("NFKC", char)
        return folded if folded.isascii() and folded.isdigit() else "n"
    return "xy"[ord(char) % 2] + "zw"[ord(char) // 2 % 2]


def _latinise(text: str) -> str:
    return _CJK.sub(lambda m: _latin(m.group(0)), text)


def pseudo(text: str, references: dict[str, Any], *, in_html: bool = False) -> str:
    """What a careful translator does, with Latin letters instead of English."""
    if in_html:
        return pseudo_plain(text, _KEEP_IN_HTML)

    def label(match: re.Match[str]) -> str:
        bang, inner = match.group(1), match.group(2)
        normal = " ".join(inner.split()).casefold().upper()
        if normal not in references:
            return match.group(0)  # not a reference: plain text
        return f"{bang}[{pseudo_plain(inner)}][{inner}]"

    return pseudo_plain(_SHORTCUT.sub(label, text))


def pseudo_plain(text: str, keep: re.Pattern[str] = _KEEP) -> str:
    out: list[str] = []
    position = 0
    for match in keep.finditer(text):
        between = _latinise(text[position : match.start()])
        if out and out[-1].endswith(")") and _CJK.match(text, position):
            between = " " + between  # an English sentence does not glue words to a URL
        out.append(between)
        kept = match.group(0)
        if kept.startswith("&") and _CJK.search(html.unescape(kept)):
            kept = _latinise(html.unescape(kept))
        out.append(kept)
        position = match.end()
    rest = _latinise(text[position:])
    if out and out[-1].endswith(")") and _CJK.match(text, position):
        rest = " " + rest
    out.append(rest)
    return "".join(out)


def structure(article: Article) -> list[tuple[Any, ...]]:
    """Block and inline tokens: types, nesting, link targets, image sources, code."""
    shape: list[tuple[Any, ...]] = []

    def walk(tokens: list[Any], depth: int) -> None:
        for token in tokens:
            if token.type in ("text", "softbreak"):
                continue
            detail = None
            if token.type == "link_open":
                detail = token.attrGet("href")
            elif token.type == "image":
                detail = token.attrGet("src")
            elif token.type in ("code_inline", "fence", "code_block"):
                detail = token.content
            shape.append((depth, token.type, token.tag, token.nesting, token.markup, detail))
            if token.children:
                walk(token.children, depth + 1)

    walk(article.tokens, 0)
    return shape


_HIDDEN_HTML = re.compile(
    r"<!--[\s\S]*?-->|<(script|style|pre|textarea|template|svg|math|code|kbd|samp|tt|var)\b"
    r"[\s\S]*?</\1\s*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^<>]*>")
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def _html_text(content: str) -> str:
    """What a reader sees of HTML: text and meaningful alt text, not code or comments."""

    def tag(match: re.Match[str]) -> str:
        alt = _ALT.search(match.group(0))
        value = (alt.group(1) if alt.group(1) is not None else alt.group(2)) if alt else ""
        return " " if is_meaningless_alt(value) else f" {value} "

    return _TAG.sub(tag, _HIDDEN_HTML.sub(" ", content))


def visible_cjk(article: Article) -> list[str]:
    """CJK ideographs a reader sees outside code and untranslatable places."""
    found: list[str] = []

    def walk(tokens: list[Any]) -> None:
        for token in tokens:
            if token.type in ("code_inline", "fence", "code_block"):
                continue
            if token.type == "image":
                alt = "".join(child.content for child in token.children or [])
                if not is_meaningless_alt(alt) and _IDEOGRAPH.search(alt):
                    found.append(alt)
                continue
            if token.children:
                walk(token.children)
            elif token.type == "text" and _IDEOGRAPH.search(token.content):
                found.append(token.content)
            elif token.type in ("html_block", "html_inline"):
                text = _html_text(token.content)
                if _IDEOGRAPH.search(text):
                    found.append(text.strip())

    walk(article.tokens)
    return found


def assert_pseudo_translation(data: bytes, name: str = "article.md") -> None:
    article = load_bytes(data, Path(name))
    references = article.env.get("references") or {}
    catalogue = extract(article, lang="en", reference="article.md")
    translated: dict[tuple[str | None, str], str] = {}
    kinds: dict[tuple[str | None, str], set[str]] = {}
    for segment in article.segments:
        kinds.setdefault((segment.context, segment.msgid), set()).add(segment.kind)
    for entry in catalogue:
        in_html = kinds[(entry.msgctxt, entry.msgid)] == {HTML}
        entry.msgstr = pseudo(entry.msgid, references, in_html=in_html)
        translated[(entry.msgctxt, entry.msgid)] = entry.msgstr
    messages = read_po_bytes(catalogue_text(catalogue).encode("utf-8"), "article.po")
    result = build(article, messages)
    problems = [d.format() for d in result.diagnostics]
    assert problems == [], "\n".join(problems)
    assert result.fallback == 0
    built = load_bytes(result.data, Path(name))
    assert built.bom == article.bom
    assert structure(built) == structure(article)
    assert visible_cjk(built) == []
    # the front matter: translated keys hold the pseudo text, the others are unchanged
    if article.front_matter is not None and hasattr(article.front_matter.data, "items"):
        assert built.front_matter is not None
        assert list(built.front_matter.data) == list(article.front_matter.data)
        segment_keys = {s.context for s in article.segments if s.kind == FRONT_MATTER}
        for key, value in article.front_matter.data.items():
            if key in segment_keys:
                assert built.front_matter.data[key] == translated[(key, value)]
            else:
                assert built.front_matter.data[key] == value
    # extracting the built article gives the translations as msgids
    expected = [translated[(s.context, s.msgid)] for s in article.segments]
    assert [s.msgid for s in built.segments] == expected


@pytest.mark.parametrize("path", ARTICLES, ids=_id)
def test_pseudo_translation_keeps_the_structure(path: Path) -> None:
    assert_pseudo_translation(path.read_bytes(), path.name)


@pytest.mark.parametrize("path", fixture_articles(), ids=_id)
def test_pseudo_translation_with_crlf(path: Path) -> None:
    assert_pseudo_translation(variants(path.read_bytes())["crlf"], path.name)


def test_pseudo_keeps_urls_code_and_labels() -> None:
    references = {"SITE": {"href": "https://www.openeuler.org/"}, "文档": {"href": "/d"}}
    text = "参见[官网][site]、[文档][]、[文档]和`代码`：https://gitee.com/中文 &#20013;"
    out = pseudo(text, references)
    assert "[site]" in out and "][文档]" in out and "`代码`" in out
    assert "https://gitee.com/" in out
    assert not _IDEOGRAPH.search(out.replace("`代码`", "").replace("][文档]", "]"))


# --- generated Markdown ----------------------------------------------------------------

CJK_WORDS = ["社区", "开源", "操作系统", "发布", "版本", "欧拉", "内核", "测试", "文档", "贡献者"]
LATIN_WORDS = ["openEuler", "kernel", "release", "SIG", "RISC-V", "x86", "Gitee", "A-Tune"]


@st.composite
def inline(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(
            st.sampled_from(
                [
                    *("cjk", "cjk", "cjk", "latin", "strong", "em", "code", "link", "image"),
                    *("escape", "entity", "punct", "del", "html", "reference", "autolink"),
                ]
            )
        )
        cjk = draw(st.sampled_from(CJK_WORDS))
        latin = draw(st.sampled_from(LATIN_WORDS))
        if kind == "cjk":
            pieces.append(cjk)
        elif kind == "latin":
            pieces.append(f" {latin} ")
        elif kind == "strong":
            pieces.append(f"**{cjk}{latin}**")
        elif kind == "em":
            pieces.append(f"*{cjk}*")
        elif kind == "del":
            pieces.append(f"~~{cjk}~~")
        elif kind == "code":
            pieces.append(f"`{latin} {cjk}`")
        elif kind == "link":
            pieces.append(f"[{cjk}](https://www.openeuler.org/{latin.lower()}/)")
        elif kind == "image":
            pieces.append(f"![{cjk}图](./media/{latin.lower()}.png)")
        elif kind == "escape":
            pieces.append(draw(st.sampled_from(["\\*", "\\_", "\\[", "\\#"])))
        elif kind == "html":
            pieces.append(draw(st.sampled_from([f"<span>{cjk}</span>", "<br>", f"<b>{latin}</b>"])))
        elif kind == "reference":
            pieces.append(draw(st.sampled_from([f"[{cjk}][ref]", "[参考][]", "[参考]"])))
        elif kind == "autolink":
            pieces.append(" <https://gitee.com/openeuler> ")
        elif kind == "entity":
            pieces.append(draw(st.sampled_from(["&amp;", "&nbsp;", "&copy;", "&#x4e2d;"])))
        else:
            pieces.append(draw(st.sampled_from(["，", "。", "、", "：", "（注）"])))
    # (adjacent bracket constructs are left out: the pseudo-translator is no parser)
    text = ""
    for piece in pieces:
        if text.endswith(("]", ")")) and piece.startswith(("[", "!")):
            text += "，"
        text += piece
    text = text.strip()
    return text if text and not text.startswith(("!", "#", "-", "+", "*", "=")) else cjk + text


@st.composite
def lines(draw: st.DrawFn) -> list[str]:
    """One to three lines of inline text joined by soft or hard breaks."""
    out = [draw(inline())]
    for _ in range(draw(st.integers(0, 2))):
        out[-1] += draw(st.sampled_from(["", "", "  ", "\\"]))
        out.append(draw(inline()))
    return out


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(
            [
                *("paragraph", "paragraph", "atx", "setext", "list", "ordered", "quote"),
                *("code", "table", "html", "rule", "images", "quoted-list", "reference-image"),
            ]
        )
    )
    if kind == "paragraph":
        return "\n".join(draw(lines()))
    if kind == "atx":
        level = draw(st.integers(1, 4))
        closing = draw(st.sampled_from(["", " " + "#" * level]))
        # (a heading whose only words are an image's alt text is not extracted)
        words = draw(st.sampled_from(CJK_WORDS))
        return "#" * level + " " + words + draw(inline()) + closing
    if kind == "setext":
        text = draw(st.sampled_from(CJK_WORDS)) + "\n".join(draw(lines())).rstrip("\\ ")
        return text + "\n" + draw(st.sampled_from(["===", "---", "==========", "-----"]))
    if kind in ("list", "ordered"):
        items = []
        for number in range(draw(st.integers(1, 3))):
            marker = f"{number + 1}." if kind == "ordered" else draw(st.sampled_from("-*+"))
            indent = " " * (len(marker) + 1)
            body = draw(lines())
            item = marker + " " + ("\n" + indent).join(body)
            if draw(st.booleans()):
                item += "\n" + indent + "- " + draw(inline())
            items.append(item)
        return "\n".join(items)
    if kind == "quote":
        return "\n".join("> " + line for line in draw(lines()))
    if kind == "code":
        fence = draw(st.sampled_from(["```", "~~~"]))
        return f"{fence}\n# {draw(inline())}\n{fence}"
    if kind == "table":
        rows = [f"| {draw(inline())} | {draw(inline())} |" for _ in range(draw(st.integers(1, 3)))]
        header = f"| {draw(st.sampled_from(CJK_WORDS))} | {draw(st.sampled_from(CJK_WORDS))} |"
        return "\n".join([header, "| --- | :---: |", *rows])
    if kind == "html":
        return f'<div class="note">\n<p>{draw(st.sampled_from(CJK_WORDS))}的说明</p>\n</div>'
    if kind == "quoted-list":
        body = draw(lines())
        return "> - " + "\n>   ".join(body) + "\n> - " + draw(inline())
    if kind == "reference-image":
        return draw(st.sampled_from(["![示意图][pic]", "![参考图][]", "![参考图]"]))
    if kind == "images":
        return f"![{draw(st.sampled_from(CJK_WORDS))}示意图](media/a.png)"
    return draw(st.sampled_from(["***", "---", "___"]))


@st.composite
def document(draw: st.DrawFn) -> bytes:
    blocks = draw(st.lists(block(), min_size=1, max_size=6))
    text = "\n\n".join(blocks)
    if draw(st.booleans()):
        text += "\n\n[ref]: https://www.openeuler.org/\n[参考]: https://docs.openeuler.org/"
        text += "\n[pic]: media/p.png\n[参考图]: ./media/参考.png"
    if draw(st.booleans()):
        title = draw(st.sampled_from(CJK_WORDS)) + draw(st.sampled_from(["", "：新闻", " 2024"]))
        style = draw(st.sampled_from(["plain", "single", "double"]))
        value = {"plain": title, "single": f"'{title}'", "double": f'"{title}"'}[style]
        text = f"---\ntitle: {value}  # 注释\nauthor: 张三\n---\n\n" + text
    if draw(st.booleans()):
        text += "\n"
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    data = text.replace("\n", newline).encode("utf-8")
    return b"\xef\xbb\xbf" + data if draw(st.booleans()) else data


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(document())
# Link syntax in an HTML block (a list item opened by '<br>') is text, not a link.
@example("1. <br>\n   - [参考][]社区\n\n[参考]: https://docs.openeuler.org/\n".encode())
def test_generated_markdown_round_trips(data: bytes) -> None:
    assert_identity(data)
    assert_pseudo_translation(data)
