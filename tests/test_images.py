"""Image references (find_images) and the image rules IMG001-IMG009."""

from __future__ import annotations

import builtins
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eulerdoc.article.images import BANNER, HTML, MARKDOWN, REFERENCE, ImageRef, find_images
from eulerdoc.article.load import parse_text
from eulerdoc.config import Config
from eulerdoc.diagnostic import Diagnostic
from eulerdoc.rules import check_path
from eulerdoc.rules.images import sniff
from eulerdoc.site import Site
from tests.conftest import CORPUS, requires_corpus

# --- helpers ---------------------------------------------------------------------------


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    """A 1x1 grey baseline JPEG."""

    def dht(kind: int) -> bytes:
        return b"\xff\xc4\x00\x14" + bytes([kind]) + b"\x01" + b"\x00" * 15 + b"\x00"

    return (
        b"\xff\xd8"
        + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\xff\xdb\x00\x43\x00"
        + b"\x01" * 64
        + b"\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00"
        + dht(0x00)
        + dht(0x10)
        + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\x3f\xff\xd9"
    )


def article(text: str, name: str = "doc.md"):  # type: ignore[no-untyped-def]
    return parse_text(text, Path(name))


def raw(text: str, ref: ImageRef) -> str:
    return text[ref.start : ref.end]


def make_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def lint(path: Path, root: Path, *, codes: str = "IMG") -> list[Diagnostic]:
    site = Site(root=root.resolve())
    _, found = check_path(path, Config(), site)
    return [d for d in found if d.code.startswith(codes)]


def codes_at(found: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in found]


# --- find_images -----------------------------------------------------------------------


def test_inline_images_with_titles_and_angle_brackets() -> None:
    text = (
        '段落 ![第一张](media/a.png) 和 ![第二张](<media/b c.png> "标题")。\n'
        "\n"
        "![第三张](  media/d.png  'x' )\n"
    )
    refs = find_images(article(text))
    assert [r.kind for r in refs] == [MARKDOWN] * 3
    assert [raw(text, r) for r in refs] == ["media/a.png", "<media/b c.png>", "media/d.png"]
    assert [r.src for r in refs] == ["media/a.png", "media/b c.png", "media/d.png"]
    assert [r.alt for r in refs] == ["第一张", "第二张", "第三张"]
    assert [text[r.alt_start : r.alt_end] for r in refs] == ["第一张", "第二张", "第三张"]
    assert [r.title for r in refs] == [None, "标题", "x"]


def test_escapes_and_entities_are_decoded_in_src() -> None:
    text = "![图\\_一](media/a\\_b&amp;c.png)\n"
    (ref,) = find_images(article(text))
    assert raw(text, ref) == "media/a\\_b&amp;c.png"
    assert ref.src == "media/a_b&c.png"
    assert ref.alt == "图_一"


def test_reference_style_images_point_at_the_definition() -> None:
    text = (
        "![架构图][arch] ![Arch][] ![arch]\n"
        "\n"
        '> - [ARCH]: <media/arch diagram.png> "标题"\n'
        "\n"
        "[unused]: media/nothing.png\n"
    )
    refs = find_images(article(text))
    assert [r.kind for r in refs] == [REFERENCE] * 3
    assert {raw(text, r) for r in refs} == {"<media/arch diagram.png>"}
    assert {r.src for r in refs} == {"media/arch diagram.png"}
    assert [r.alt for r in refs] == ["架构图", "Arch", "arch"]
    assert all(r.label == "ARCH" for r in refs)
    assert refs[0].title == "标题"


def test_definition_on_following_lines() -> None:
    text = "![图][x]\n\n[x]:\n  media/x.png\n  'title'\n"
    (ref,) = find_images(article(text))
    assert raw(text, ref) == "media/x.png"
    assert text[: ref.start].count("\n") == 3


def test_html_images_in_blocks_and_inline() -> None:
    text = (
        "<div align=center>\n"
        '  <IMG class="x" SRC="media/a.png" ALT="甲">\n'
        "  <img src='media/b&amp;.png' alt='乙'/>\n"
        "  <img src=media/c.png>\n"
        '  <!-- <img src="media/commented.png"> -->\n'
        "</div>\n"
        "\n"
        '正文 <img alt="丁" src="media/d.png" width=20> 结束。\n'
    )
    refs = find_images(article(text))
    assert [r.kind for r in refs] == [HTML] * 4
    assert [raw(text, r) for r in refs] == [
        "media/a.png",
        "media/b&amp;.png",
        "media/c.png",
        "media/d.png",
    ]
    assert [r.src for r in refs] == ["media/a.png", "media/b&.png", "media/c.png", "media/d.png"]
    assert [r.alt for r in refs] == ["甲", "乙", None, "丁"]
    assert [text[r.alt_start : r.alt_end] for r in refs if r.alt] == ["甲", "乙", "丁"]


def test_code_is_not_an_image() -> None:
    text = (
        '行内代码 `![不是](code.png)` 与 `<img src="code.png">`。\n'
        "\n"
        "    ![缩进代码](indented.png)\n"
        "\n"
        "```markdown\n"
        "![围栏代码](fenced.png)\n"
        '<img src="fenced.png">\n'
        "```\n"
        "\n"
        "![真的](real.png)\n"
    )
    refs = find_images(article(text))
    assert [r.src for r in refs] == ["real.png"]


def test_images_in_containers_tables_headings_and_links() -> None:
    text = (
        "# 标题 ![h](h.png) #\n"
        "\n"
        "> 引用 ![q](q.png)\n"
        "> 第二行 ![q2](q2.png)\n"
        "\n"
        "1. 列表\n"
        "   继续 ![l](l.png)\n"
        "\n"
        "| 甲 | 乙 |\n"
        "|----|----|\n"
        "| ![a](same.png) \\| 竖线 ![b](same.png) | ![c](same.png) |\n"
        "\n"
        "[![链接里的图](linked.png)](https://example.com)\n"
    )
    refs = find_images(article(text))
    assert [r.src for r in refs] == [
        "h.png",
        "q.png",
        "q2.png",
        "l.png",
        "same.png",
        "same.png",
        "same.png",
        "linked.png",
    ]
    for ref in refs:
        assert raw(text, ref) == ref.src
    table = [r for r in refs if r.src == "same.png"]
    assert len({r.start for r in table}) == 3
    assert [text[r.alt_start : r.alt_end] for r in table] == ["a", "b", "c"]


def test_image_inside_alt_text_is_not_an_image() -> None:
    text = "![外 ![内](inner.png)](outer.png)\n"
    refs = find_images(article(text))
    assert [r.src for r in refs] == ["outer.png"]


def test_banner_span_is_inside_the_yaml_quotes() -> None:
    for value, inner in (
        ("'img/banners/a.png'", "img/banners/a.png"),
        ('"img/banners/a.png"', "img/banners/a.png"),
        ("img/banners/a.png   # 注释", "img/banners/a.png"),
    ):
        text = f"---\ntitle: 标题\nbanner: {value}\n---\n\n正文\n"
        (ref,) = find_images(article(text))
        assert ref.kind == BANNER
        assert ref.src == "img/banners/a.png"
        assert raw(text, ref) == inner
        assert text[: ref.start].count("\n") == 2


def test_space_in_a_markdown_path_is_found_but_not_rendered() -> None:
    text = "![合影](media/team photo.png)\n"
    (ref,) = find_images(article(text))
    assert not ref.rendered
    assert raw(text, ref) == "media/team photo.png"
    assert ref.src == "media/team photo.png"


def test_prose_with_brackets_is_not_a_broken_image() -> None:
    text = "感叹！[注意](这是 一段 说明)\n"
    assert find_images(article(text)) == []


def test_crlf_and_front_matter_offsets() -> None:
    text = (
        '---\r\ntitle: 标题\r\n---\r\n\r\n第一段\r\n![图](media/a.png)\r\n\r\n<img src="b.png">\r\n'
    )
    refs = find_images(article(text))
    assert [raw(text, r) for r in refs] == ["media/a.png", "b.png"]


def test_tabs_and_nested_containers() -> None:
    text = "> > -\t嵌套 ![图](media/n.png)\n>   - 再深 ![图](media/m.png)\n"
    refs = find_images(article(text))
    assert [raw(text, r) for r in refs] == [r.src for r in refs]
    assert {r.src for r in refs} == {"media/n.png", "media/m.png"}


# Container prefix of a block's first line, and of its continuation lines.
_PREFIXES = [
    ("", ""),
    ("> ", "> "),
    ("- ", "  "),
    ("1. ", "   "),
    ("   ", "   "),
    ("> > ", "> > "),
    ("* > ", "  > "),
    ("> 1. ", ">    "),
]
_FORMS = [
    ("![{alt}]({path})", "{path}"),
    ("![{alt}](<{path}>)", "<{path}>"),
    ('![{alt}]({path} "题")', "{path}"),
    ("[![{alt}]({path})](https://example.com)", "{path}"),
    ('<img src="{path}" alt="{alt}">', "{path}"),
    ("<img alt='{alt}' src='{path}'>", "{path}"),
    ("<img src={path} alt={alt}>", "{path}"),
]


@settings(max_examples=150, deadline=None)
@given(
    prefix=st.sampled_from(_PREFIXES),
    form=st.sampled_from(_FORMS),
    before=st.text(alphabet="文字ab *_`", max_size=6),
    alt=st.text(alphabet="图片说明xy", min_size=1, max_size=5),
    name=st.text(alphabet="abc图_-", min_size=1, max_size=6),
    second_line=st.booleans(),
)
def test_offsets_are_exact(
    prefix: tuple[str, str],
    form: tuple[str, str],
    before: str,
    alt: str,
    name: str,
    second_line: bool,
) -> None:
    path = f"media/{name}.png"
    image = form[0].format(alt=alt, path=path)
    words = before.replace("`", "").strip()  # no code span may swallow the image
    line = f"{words} {image}" if words else image
    body = f"{prefix[0]}开头文字\n{prefix[1]}{line}" if second_line else f"{prefix[0]}{line}"
    text = f"---\ntitle: t\n---\n\n{body}\n"
    refs = [r for r in find_images(article(text)) if r.kind != BANNER]
    (ref,) = refs
    assert raw(text, ref) == form[1].format(path=path)
    assert ref.src == path


_MARKDOWN_PIECES = [
    "![",
    "](",
    ")",
    "]",
    "[",
    "<img src=",
    '"',
    "'",
    ">",
    "<",
    "`",
    "\\",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "| ",
    "|---|",
    "    ",
    "#",
    "a.png",
    "图",
    " ",
    "[r]: ",
    "![r]",
    "&amp;",
    "\t",
    "<!--",
    "-->",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_MARKDOWN_PIECES), max_size=40))
def test_any_text_gives_spans_inside_the_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    doc = article(text)
    for ref in find_images(doc):
        assert 0 <= ref.start <= ref.end <= len(text)
        assert ref.alt_start <= ref.alt_end <= len(text)
        written = raw(text, ref)
        if ref.kind == MARKDOWN and "\\" not in written and "&" not in written:
            if written.startswith("<") and written.endswith(">"):
                written = written[1:-1]
            assert written == ref.src


# --- sniffing ----------------------------------------------------------------------------


def test_sniff_formats() -> None:
    assert sniff(png_bytes()) == "png"
    assert sniff(jpeg_bytes()) == "jpeg"
    assert sniff(b"GIF89a\x01\x00\x01\x00") == "gif"
    assert sniff(b"RIFF\x10\x00\x00\x00WEBPVP8 ") == "webp"
    assert sniff(b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00") == "bmp"
    assert sniff(b"\x00\x00\x01\x00\x01\x00") == "ico"
    assert sniff(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1") == "avif"
    assert sniff(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00heicmif1") is None
    assert sniff(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- x -->\n<svg xmlns="x"/>') == "svg"
    assert sniff(b"<html><body>not found</body></html>") is None
    assert sniff("这不是图片".encode()) is None
    assert sniff(b"") is None


# --- rules -------------------------------------------------------------------------------


def test_missing_and_present(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "news/a.md": "![现场](./media/here.png)\n\n![现场](./media/gone.png)\n",
            "news/media/here.png": png_bytes(),
        },
    )
    found = lint(root / "news/a.md", root)
    assert codes_at(found) == [("IMG001", 3, 7)]
    assert "media/gone.png" in found[0].message


def test_percent_encoded_and_unicode_names(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "a.md": (
                "![全体合影](media/%E5%90%88%E5%BD%B1.png)\n\n"
                "![全体合影](media/合影.png)\n\n"
                "![空格](media/a%20b.png)\n\n"
                '<img src="media/a b.png" alt="空格">\n'
            ),
            "media/合影.png": png_bytes(),
            "media/a b.png": png_bytes(),
        },
    )
    assert lint(root / "a.md", root) == []


def test_case_mismatch_suggests_the_real_name(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {"a.md": "![峰会](./Media/photo.PNG)\n", "media/Photo.png": png_bytes()},
    )
    (found,) = lint(root / "a.md", root)
    assert found.code == "IMG002"
    assert "did you mean './media/Photo.png'" in found.message


def test_dotdot_leaving_the_root(tmp_path: Path) -> None:
    root = tmp_path / "site"
    make_site(
        tmp_path, {"outside.png": png_bytes(), "site/docs/a.md": "![示意图](../../outside.png)\n"}
    )
    found = lint(root / "docs/a.md", root)
    assert codes_at(found) == [("IMG003", 1, 8)]
    inside = make_site(
        root, {"docs/b.md": "![示意图](../media/in.png)\n", "media/in.png": png_bytes()}
    )
    assert lint(inside / "docs/b.md", root) == []


@pytest.mark.parametrize(
    "path",
    [
        "D:\\图片\\a.png",
        "C:/Users/me/a.png",
        "file:///C:/a.png",
        "/home/me/a.png",
        "/Users/me/Desktop/a.png",
        "\\\\server\\share\\a.png",
    ],
)
def test_filesystem_paths(tmp_path: Path, path: str) -> None:
    root = make_site(tmp_path, {"a.md": f'<img src="{path}" alt="示意图">\n'})
    found = lint(root / "a.md", root)
    assert [d.code for d in found] == ["IMG003"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_symlink_leaving_the_root_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_text("not an image", encoding="utf-8")
    root = make_site(
        tmp_path / "site",
        {"a.md": "![示意图](media/link.png)\n\n![示意图](shared/secret.png)\n"},
    )
    (root / "media").mkdir()
    try:
        os.symlink(outside / "secret.png", root / "media/link.png")
        os.symlink(outside, root / "shared")
        os.symlink(outside, root / "a")  # a folder named like the article
    except OSError:
        pytest.skip("cannot create symbolic links here")

    touched: list[str] = []
    real_open, real_stat, real_scandir = builtins.open, os.stat, os.scandir
    prefix = os.path.realpath(outside)

    def watch(name: object) -> None:
        if isinstance(name, (str, Path)) and os.path.abspath(name).startswith(prefix):
            touched.append(str(name))

    def fake_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        watch(file)
        return real_open(file, *args, **kwargs)

    def fake_stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        watch(path)
        return real_stat(path, *args, **kwargs)

    def fake_scandir(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
        watch(path)
        return real_scandir(path, *args, **kwargs)

    article_obj = parse_text((root / "a.md").read_text(encoding="utf-8"), root / "a.md")
    site = Site(root=root.resolve())
    from eulerdoc.rules import check_article

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(os, "stat", fake_stat)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    found = [d for d in check_article(article_obj, Config(), site) if d.code.startswith("IMG")]
    monkeypatch.undo()
    assert codes_at(found) == [("IMG003", 1, 8), ("IMG003", 3, 8)]
    assert touched == []


def test_content_checks(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "a.md": (
                "![甲](media/jpeg.png)\n\n"
                "![乙](media/text.png)\n\n"
                "![丙](media/empty.gif)\n\n"
                "![丁](media/drawing.emf)\n\n"
                "![戊](media/ok.jpeg)\n\n"
                "![己](media/logo.svg)\n\n"
                "![庚](media/anim.gif)\n"
            ),
            "media/jpeg.png": jpeg_bytes(),
            "media/text.png": "文本",
            "media/empty.gif": b"",
            "media/drawing.emf": b"\x01\x00\x00\x00\x6c\x00\x00\x00",
            "media/ok.jpeg": jpeg_bytes(),
            "media/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
            "media/anim.gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        },
    )
    found = lint(root / "a.md", root)
    assert [(d.code, d.line) for d in found] == [
        ("IMG004", 1),
        ("IMG004", 3),
        ("IMG004", 5),
        ("IMG004", 7),
    ]
    assert "JPEG" in found[0].message and "jpeg.jpg" in found[0].message
    assert "empty" in found[2].message


def test_not_resolvable_as_written(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "a.md": (
                "![甲](media\\ok.png)\n\n"
                "![乙](media/two words.png)\n\n"
                '<img src="media/what?.png" alt="丙">\n\n'
                '<img src="media/ok.png?v=2" alt="丁">\n\n'
                '<img src="javascript:alert(1)" alt="戊">\n\n'
                "![己](javascript:alert(1))\n"
            ),
            "media/ok.png": png_bytes(),
            "media/two words.png": png_bytes(),
            "media/what?.png": png_bytes(),
        },
    )
    found = lint(root / "a.md", root)
    assert [(d.code, d.line) for d in found] == [
        ("IMG005", 1),
        ("IMG005", 3),
        ("IMG005", 5),
        ("IMG005", 9),
    ]
    assert "media/ok.png" in found[0].message


def test_remote_images_are_only_warnings(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "a.md": (
                "![架构](https://example.com/a.png)\n\n"
                '<img src="//cdn.example.com/b.png" alt="横幅">\n\n'
                "![嵌入](data:image/png;base64,iVBORw0KGgo=)\n"
            )
        },
    )
    found = lint(root / "a.md", root)
    assert [(d.code, d.severity.value) for d in found] == [
        ("IMG006", "warning"),
        ("IMG006", "warning"),
    ]


@pytest.mark.parametrize(
    ("alt", "bad"),
    [
        ("image2", True),
        ("IMG\\_256", True),
        ("IMG_256", True),
        ("图片1", True),
        ("截图", True),
        ("", True),
        ("  ", True),
        ("photo-01", True),  # the file's own name
        ("photo-01.png", True),
        ("image-20200506152347249", True),
        ("开发者大会的主会场", False),
        ("openEuler 架构", False),
    ],
)
def test_alt_text(tmp_path: Path, alt: str, bad: bool) -> None:
    root = make_site(
        tmp_path, {"a.md": f"![{alt}](media/photo-01.png)\n", "media/photo-01.png": png_bytes()}
    )
    found = lint(root / "a.md", root)
    assert [d.code for d in found] == (["IMG007"] if bad else [])


def test_html_image_without_alt(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "a.md": '<img src="media/p.png" width="80%">\n\n<img src="media/p.png" alt="会场">\n',
            "media/p.png": png_bytes(),
        },
    )
    found = lint(root / "a.md", root)
    assert codes_at(found) == [("IMG007", 1, 11)]
    assert "alt" in found[0].message


def test_site_absolute_paths_and_banner_use_the_public_folder(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "docs/.vuepress/public/img/banners/b.png": png_bytes(),
            "docs/.vuepress/public/img/news/n.png": png_bytes(),
            "docs/zh/news/a.md": (
                "---\ntitle: 新闻\nbanner: 'img/banners/b.png?t=1'\n---\n\n"
                '![新闻配图](/img/news/n.png)\n\n<img src="/img/news/missing.png" alt="缺失">\n'
            ),
        },
    )
    found = lint(root / "docs/zh/news/a.md", root)
    assert codes_at(found) == [("IMG001", 8, 11)]
    assert ".vuepress/public/img/news/missing.png" in found[0].message
    bad_banner = make_site(
        root, {"docs/zh/news/b.md": '---\ntitle: 新闻\nbanner: "img/banners/none.png"\n---\n'}
    )
    assert codes_at(lint(bad_banner / "docs/zh/news/b.md", root)) == [("IMG001", 3, 10)]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_public_folder_above_the_site_root_is_not_used(tmp_path: Path) -> None:
    make_site(
        tmp_path / "outer",
        {".vuepress/public/img/a.png": png_bytes(), "site/docs/a.md": "![示意图](/img/a.png)\n"},
    )
    try:
        os.symlink(tmp_path / "outer/site", tmp_path / "link")
    except OSError:
        pytest.skip("cannot create symbolic links here")
    root = tmp_path / "link"  # the root as given, not resolved
    site = Site(root=root)
    assert site.public_for(root / "docs/a.md") is None
    _, found = check_path(root / "docs/a.md", Config(), site)
    assert [d for d in found if d.code.startswith("IMG")] == []


def test_article_outside_the_site_root_gets_its_own_site(tmp_path: Path) -> None:
    elsewhere = make_site(
        tmp_path / "other",
        {
            "news/a.md": "![示意图](media/ok.png)\n\n![示意图](media/gone.png)\n",
            "news/media/ok.png": png_bytes(),
        },
    )
    root = tmp_path / "site"
    root.mkdir()
    found = lint(elsewhere / "news/a.md", root)
    assert codes_at(found) == [("IMG001", 3, 8)]


def test_unused_media_files(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "news/a.md": "![甲](media/a.png)\n",
            "news/media/a.png": png_bytes(),
            "news/media/leftover.png": png_bytes(),
            "news/media/.keep": "",
        },
    )
    found = lint(root / "news/a.md", root)
    assert codes_at(found) == [("IMG008", 1, 1)]
    assert "media/leftover.png" in found[0].message


def test_unused_media_in_shared_folders(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            # Two articles share media/; z.png is used by nobody.
            "blog/a.md": "![甲](media/x.png)\n",
            "blog/b.md": "![乙](./media/y.png)\n",
            "blog/media/x.png": png_bytes(),
            "blog/media/y.png": png_bytes(),
            "blog/media/z.png": png_bytes(),
            # Images beside the articles: a file named after b belongs to b.
            "blog/a-1.png": png_bytes(),
            "blog/b-2.png": png_bytes(),
            # An article in another folder uses one of the files.
            "blog/media/shared.png": png_bytes(),
            "other/c.md": "![丙](../blog/media/shared.png)\n",
        },
    )
    (root / "blog/a.md").write_text("![甲](media/x.png)\n\n![甲](a-1.png)\n", encoding="utf-8")
    (root / "blog/b.md").write_text("![乙](./media/y.png)\n\n![乙](b-1.png)\n", encoding="utf-8")
    (root / "blog/b-1.png").write_bytes(png_bytes())

    def unused(name: str) -> list[str]:
        found = lint(root / "blog" / name, root, codes="IMG008")
        return sorted(re.match(r"'([^']+)'", d.message).group(1) for d in found)  # type: ignore[union-attr]

    assert unused("a.md") == ["media/z.png"]
    assert unused("b.md") == ["b-2.png", "media/z.png"]


def test_media_folder_named_after_the_article(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "posts/intro.md": "没有图片。\n",
            "posts/intro/old.png": png_bytes(),
            "posts/other.md": "没有图片。\n",
        },
    )
    found = lint(root / "posts/intro.md", root, codes="IMG008")
    assert ["intro/old.png" in d.message for d in found] == [True]
    assert lint(root / "posts/other.md", root, codes="IMG008") == []


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_untracked_image_in_a_git_work_tree(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "a.md": "![甲](media/new.png)\n\n![乙](media/old.png)\n",
            "media/new.png": png_bytes(),
            "media/old.png": png_bytes(),
        },
    )
    _git(root, "init", "-q")
    _git(root, "add", "a.md", "media/old.png")
    found = lint(root / "a.md", root)
    assert codes_at(found) == [("IMG009", 1, 6)]
    assert "git add media/new.png" in found[0].message
    _git(root, "add", "media/new.png")
    assert lint(root / "a.md", root) == []


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_an_image_git_ignores_is_named_so(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {"a.md": "![甲](media/new.png)\n", "media/new.png": png_bytes(), ".gitignore": "*.png\n"},
    )
    _git(root, "init", "-q")
    _git(root, "add", "a.md", ".gitignore")
    found = lint(root / "a.md", root)
    assert codes_at(found) == [("IMG009", 1, 6)]
    assert "ignored by git" in found[0].message and "git add -f media/new.png" in found[0].message


def test_outside_git_nothing_is_reported_as_untracked(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"a.md": "![甲](media/new.png)\n", "media/new.png": png_bytes()})
    assert lint(root / "a.md", root) == []


def test_a_shared_definition_is_reported_once(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"a.md": "![甲][p] ![乙][p]\n\n[p]: media/none.png\n"})
    found = lint(root / "a.md", root)
    assert codes_at(found) == [("IMG001", 3, 6)]


# --- the corpus --------------------------------------------------------------------------


def _lint_corpus(folder: Path) -> dict[Path, list[Diagnostic]]:
    site = Site(root=CORPUS.resolve())
    out = {}
    for path in sorted(folder.rglob("*.md")):
        _, found = check_path(path, Config(), site)
        out[path] = [d for d in found if d.code.startswith("IMG")]
    return out


def _plain_target(path: Path, ref: ImageRef) -> Path:
    src = unquote(ref.src.split("?")[0].split("#")[0])
    if ref.kind == BANNER or src.startswith("/"):
        docs = CORPUS / "website-v2/web-ui/docs"
        return docs / ".vuepress/public" / src.lstrip("/")
    return path.parent / src


@requires_corpus
def test_corpus_website_v2_has_no_false_missing_images() -> None:
    results = _lint_corpus(CORPUS / "website-v2")
    assert results
    for path, found in results.items():
        refs = find_images(parse_text(path.read_text(encoding="utf-8"), path))
        doc = parse_text(path.read_text(encoding="utf-8"), path)
        by_position = {doc.position(r.start): r for r in refs}
        assert not [d for d in found if d.code == "IMG003"], path
        for d in found:
            if d.code not in ("IMG001", "IMG002"):
                continue
            ref = by_position[(d.line, d.column)]
            assert not _plain_target(path, ref).exists(), (d.format(), ref)
        # Every local image that exists on disk is free of IMG001-IMG003.
        reported = {(d.line, d.column) for d in found if d.code in ("IMG001", "IMG002", "IMG003")}
        for ref in refs:
            if "://" in ref.src:
                continue
            if _plain_target(path, ref).is_file():
                assert doc.position(ref.start) not in reported, (path, ref)


@requires_corpus
def test_corpus_seeds_report_every_media_image_missing() -> None:
    results = _lint_corpus(CORPUS / "seeds")
    assert results
    for path, found in results.items():
        doc = parse_text(path.read_text(encoding="utf-8"), path)
        media = [r for r in find_images(doc) if "media/" in r.src]
        assert media, path
        missing = {(d.line, d.column) for d in found if d.code == "IMG001"}
        assert missing == {doc.position(r.start) for r in media}
        assert not [d for d in found if d.code in ("IMG002", "IMG003", "IMG009")]
