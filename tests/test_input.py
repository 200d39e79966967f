"""Bad input is a diagnostic, never a traceback.

Every case goes through the facade (:func:`eulerdoc.rules.check_path`) and through the
command line, which must exit 1 with a ``file:line:col: CODE`` line and print no
traceback. The inputs are small or bounded, so each test finishes quickly.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eulerdoc.article.decode import MAX_BYTES
from eulerdoc.article.load import ArticleLoadError, load_bytes
from eulerdoc.cli import main
from eulerdoc.config import Config
from eulerdoc.diagnostic import Diagnostic
from eulerdoc.i18n import set_language
from eulerdoc.rules import check_article, check_path
from eulerdoc.site import Site
from tests.conftest import REPO

BLOG_FM = "---\ntitle: '测试文章'\ndate: '2024-03-18'\ntags:\n  - 测试\nauthor: '张三'\nsummary: '一篇测试文章。'\n---\n"


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C")
    monkeypatch.delenv("EULERDOC_DEBUG", raising=False)
    set_language(None)


def facade(path: Path, root: Path) -> list[Diagnostic]:
    _, found = check_path(path, Config(), Site(root=root.resolve()))
    return found


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def line_for(out: str, name: str) -> str:
    """The first report line about ``name``, which must be ``name:line:col: CODE ...``."""
    for line in out.splitlines():
        if line.startswith(name + ":"):
            assert re.match(re.escape(name) + r":\d+:\d+: [A-Z]+\d+ \S", line), line
            return line
    raise AssertionError(f"no finding for {name} in:\n{out}")


# --- the cases -------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    make: Callable[[Path], Path]
    code: str
    position: tuple[int, int] | None = None  # expected (line, column)
    words: tuple[str, ...] = ()  # expected in the message


def _write(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8", newline="")
        else:
            path.write_bytes(data)
        return path

    return make


def _directory(folder: Path) -> Path:
    path = folder / "x.md"
    path.mkdir()
    return path


def _symlink_loop(folder: Path) -> Path:
    (folder / "loop-a.md").symlink_to(folder / "loop-b.md")
    (folder / "loop-b.md").symlink_to(folder / "loop-a.md")
    return folder / "loop-a.md"


def _large(folder: Path) -> Path:
    path = folder / "large.md"
    with path.open("wb") as handle:
        handle.write(BLOG_FM.encode())
        handle.truncate(9 * 1024 * 1024)  # sparse: cheap to create
    return path


BOMB = """---
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
---
正文。
"""

CASES = [
    Case(
        "broken-yaml",
        _write("broken.md", "---\ntitle: 标题: 副标题\ndate: '2024-03-18'\n---\n正文。\n"),
        "FM002",
        (2, 10),
    ),
    Case(
        "broken-yaml-tab",
        _write("tab.md", "---\ntitle: 标题\ntags:\n\t- a\n---\n正文。\n"),
        "FM002",
        (4, 1),
    ),
    Case(
        "gbk",
        _write("gbk.md", BLOG_FM.replace("测试文章", "中文").encode("gbk")),
        "IN002",
        (2, 9),
        ("GBK", "offset 12"),
    ),
    Case(
        "gbk-crlf",
        _write("gbk-crlf.md", "---\r\ntitle: 中文\r\n---\r\n".encode("gbk")),
        "IN002",
        (2, 8),
        ("GBK", "offset 12"),
    ),
    Case("utf16", _write("utf16.md", BLOG_FM.encode("utf-16")), "IN002", (1, 1), ("UTF-16",)),
    Case(
        "utf16-be-no-bom",
        _write("utf16be.md", "---\ntitle: x\n---\nbody\n".encode("utf-16-be")),
        "IN002",
        (1, 1),
        ("UTF-16",),
    ),
    Case(
        "utf16-le-no-bom",
        _write("utf16le.md", "---\ntitle: x\n---\nbody\n".encode("utf-16-le")),
        "IN002",
        (1, 1),
        ("UTF-16",),
    ),
    Case(
        "binary-nul",
        _write("binary.md", b"---\ntitle: x\n---\n\xe4\xb8\xad\xe6\x96\x87PK\x00\x03\x04"),
        "IN003",
        (4, 5),
        ("NUL", "offset 25"),
    ),
    Case(
        "binary-nul-crlf",
        _write("binary-crlf.md", b"ab\r\ncd\rx\x00"),
        "IN003",
        (3, 2),
        ("offset 8",),
    ),
    Case("no-front-matter", _write("plain.md", "# 标题\n\n正文。\n"), "FM001", (1, 1)),
    Case(
        "unclosed-front-matter",
        _write("unclosed.md", "---\ntitle: '标题'\n\n正文。\n"),
        "FM001",
        (1, 1),
        ("closed",),
    ),
    Case("alias-bomb", _write("bomb.md", BOMB), "FM003", (2, 4), ("alias",)),
    Case(
        "deep-yaml-flow",
        _write("deep-flow.md", "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n正文。\n"),
        "FM003",
        None,
        ("32",),
    ),
    Case(
        "deep-yaml-mapping",
        _write("deep-map.md", "---\ntitle: " + "{a: " * 5000 + "}" * 5000 + "\n---\n"),
        "FM003",
        None,
        ("32",),
    ),
    Case(
        "deep-yaml-block",
        _write(
            "deep-block.md",
            "---\n" + "".join(" " * i + f"k{i}:\n" for i in range(500)) + "---\n正文。\n",
        ),
        "FM003",
        None,
        ("32",),
    ),
    Case(
        "too-large",
        _large,
        "IN004",
        (1, 1),
        (str(9 * 1024 * 1024), str(MAX_BYTES)),
    ),
    Case("directory", _directory, "IN001", (1, 1), ("directory",)),
    Case("empty", _write("empty.md", b""), "FM001", (1, 1)),
    Case("symlink-loop", _symlink_loop, "IN001", (1, 1)),
    Case("missing", lambda folder: folder / "missing.md", "IN001", (1, 1)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_through_facade(case: Case, tmp_path: Path) -> None:
    path = case.make(tmp_path)
    found = facade(path, tmp_path)
    assert found, "bad input must produce a diagnostic"
    first = [d for d in found if d.code == case.code]
    assert first, f"expected {case.code}, got {[d.format() for d in found]}"
    diagnostic = first[0]
    assert diagnostic.path == str(path)
    assert diagnostic.line >= 1 and diagnostic.column >= 1
    if case.position is not None:
        assert (diagnostic.line, diagnostic.column) == case.position, diagnostic.format()
    for word in case.words:
        assert word.lower() in diagnostic.message.lower(), diagnostic.message


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_through_cli(
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    path = case.make(tmp_path)
    code, out, err = cli(["lint", path.name], capsys)
    assert code == 1, (out, err)
    line = line_for(out, path.name)
    assert f" {case.code} " in line
    if case.position is not None:
        assert line.startswith(f"{path.name}:{case.position[0]}:{case.position[1]}: ")
    assert "Traceback" not in err
    assert "internal error" not in err


def test_every_bad_input_in_one_real_process(tmp_path: Path) -> None:
    """The installed entry point, all cases at once: exit 1, one line each, no traceback."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    paths = [case.make(folder) for case in CASES]
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONPATH": str(REPO)}
    env.pop("EULERDOC_DEBUG", None)
    env.pop("LANGUAGE", None)
    process = subprocess.run(
        [sys.executable, "-m", "eulerdoc", "lint", *(p.name for p in paths)],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert process.returncode == 1, process.stderr
    assert "Traceback" not in process.stderr
    assert "internal error" not in process.stderr
    for case, path in zip(CASES, paths, strict=True):
        line = line_for(process.stdout, path.name)
        assert f" {case.code} " in line, line


# --- cases needing more than a file ------------------------------------------------------


def test_python_tag_executes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "MARKER"
    article = tmp_path / "tag.md"
    payloads = [
        f"title: !!python/object/apply:os.system ['touch {marker}']",
        f"title: !!python/object/apply:builtins.open ['{marker}', 'w']",
        "title: !!python/name:os.system",
        f"title: !!python/object/new:subprocess.Popen [['touch', '{marker}']]",
        f"title: !<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    ]
    monkeypatch.chdir(tmp_path)
    for payload in payloads:
        article.write_text(f"---\n{payload}\ndate: '2024-03-18'\n---\n正文。\n", encoding="utf-8")
        found = facade(article, tmp_path)
        assert [(d.code, d.line, d.column) for d in found] == [("FM003", 2, 8)], payload
        assert "tag" in found[0].message
        code, out, err = cli(["lint", "tag.md"], capsys)
        assert code == 1
        assert line_for(out, "tag.md").startswith("tag.md:2:8: FM003 ")
        assert "Traceback" not in err
        assert not marker.exists(), payload


DEEP_BODIES = {
    "blockquotes": ">" * 5000 + " 引用\n",
    "brackets": "[" * 5000 + "\n",
    "asterisks": "*" * 5000 + "\n",
    "emphasis": "*a " * 2000 + "\n",
    "links": "[a](" * 2000 + "\n",
    "lists": "".join("  " * i + "- 项\n" for i in range(300)),
    "html": "<div>" * 5000 + "\n",
    "backticks": "`" * 5000 + "\n",
    "long-line": "正文" * 200_000 + "\n",
}


@pytest.mark.parametrize("body", sorted(DEEP_BODIES))
def test_deeply_nested_markdown(
    body: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A well-formed article whose body nests 5,000 levels: every rule runs, none crashes."""
    blog = tmp_path / "blog"
    blog.mkdir()
    path = blog / "deep.md"
    path.write_text(BLOG_FM + "\n" + DEEP_BODIES[body], encoding="utf-8")
    found = facade(path, tmp_path)
    assert all(d.line >= 1 and d.column >= 1 for d in found)
    assert not [d for d in found if d.code.startswith(("FM", "IN"))], found
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(["lint", "blog/deep.md"], capsys)
    assert code in (0, 1)
    assert "Traceback" not in err and "internal error" not in err
    assert out.splitlines()[-1].startswith(("All checks passed", "Found"))


def test_file_of_only_front_matter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blog = tmp_path / "blog"
    blog.mkdir()
    for name, text in (("a.md", BLOG_FM), ("b.md", BLOG_FM.rstrip("\n"))):
        (blog / name).write_text(text, encoding="utf-8")
        assert facade(blog / name, tmp_path) == []
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(["lint", "--select", "FM,IN,SUP", "blog"], capsys)
    assert (code, out) == (0, "All checks passed.\n"), err


def test_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root can read a file without permissions")
    path = tmp_path / "secret.md"
    path.write_text(BLOG_FM, encoding="utf-8")
    path.chmod(0)
    try:
        found = facade(path, tmp_path)
        assert [(d.code, d.line, d.column) for d in found] == [("IN001", 1, 1)]
        assert "permission" in found[0].message.lower()
        monkeypatch.chdir(tmp_path)
        code, out, _err = cli(["lint", "secret.md"], capsys)
        assert code == 1
        assert line_for(out, "secret.md").startswith("secret.md:1:1: IN001 ")
    finally:
        path.chmod(0o644)


def test_unreadable_file_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same, with the permission error simulated (so it also runs as root)."""
    path = tmp_path / "secret.md"
    path.write_text(BLOG_FM, encoding="utf-8")
    real_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "secret.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    found = facade(path, tmp_path)
    assert [(d.code, d.line, d.column) for d in found] == [("IN001", 1, 1)]
    assert "Permission denied" in found[0].message
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(["lint", "secret.md"], capsys)
    assert code == 1
    assert line_for(out, "secret.md") == "secret.md:1:1: IN001 cannot read file: Permission denied"
    assert "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_named_pipe_is_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Opening a FIFO with no writer would block for ever: it is refused unopened."""
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    found = facade(fifo, tmp_path)
    assert [(d.code, d.line, d.column) for d in found] == [("IN001", 1, 1)]
    monkeypatch.chdir(tmp_path)
    code, out, _err = cli(["lint", "pipe.md"], capsys)
    assert code == 1
    assert line_for(out, "pipe.md").startswith("pipe.md:1:1: IN001 ")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_endless_device_is_not_read(tmp_path: Path) -> None:
    assert [d.code for d in facade(Path("/dev/zero"), tmp_path)] == ["IN001"]


def test_directory_named_md_inside_a_folder_is_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Walking a folder, a sub-folder called x.md is a folder like any other."""
    site = tmp_path / "site"
    (site / "x.md").mkdir(parents=True)
    (site / "x.md" / "inner.md").write_text("正文。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _err = cli(["lint", "--select", "FM001", "site"], capsys)
    assert code == 1
    assert out.startswith(os.path.join("site", "x.md", "inner.md") + ":1:1: FM001 ")
    code, out, _err = cli(["lint", "--select", "FM001", "site/x.md"], capsys)
    assert code == 1 and "inner.md:1:1: FM001" in out


def test_symlinked_folder_loop_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    (site / "blog").mkdir(parents=True)
    (site / "blog" / "a.md").write_text(BLOG_FM, encoding="utf-8")
    (site / "blog" / "again").symlink_to(site, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(["lint", "--select", "FM,IN", "site"], capsys)
    assert (code, out) == (0, "All checks passed.\n"), err


# --- whatever the bytes ------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [*"-:#*_[]()!<>`\\|'\" \t\n\r{}&?%@,.=+~", "中", "文", "：", "\u3000", "\ufeff", "a", "1"]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    front=st.lists(_ALPHABET, max_size=60).map("".join),
    body=st.lists(_ALPHABET, max_size=120).map("".join),
)
def test_any_text_gives_diagnostics_not_exceptions(front: str, body: str, tmp_path: Path) -> None:
    text = f"---\n{front}\n---\n{body}"
    article = load_bytes(text.encode("utf-8"), tmp_path / "blog" / "a.md")
    found = check_article(article, Config(), Site(root=tmp_path))
    for diagnostic in found:
        assert 1 <= diagnostic.line <= article.line_count()
        assert diagnostic.column >= 1


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=200))
def test_any_bytes_load_or_are_refused(data: bytes) -> None:
    try:
        article = load_bytes(data, "a.md")
    except ArticleLoadError as exc:
        assert exc.code.startswith("IN")
        assert exc.line is not None and exc.line >= 1 and exc.column >= 1
    else:
        check_article(article, Config(), Site(root=Path.cwd()))


def test_too_many_brackets_is_refused_quickly_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import time

    from eulerdoc.cli import main

    article = tmp_path / "a.md"
    article.write_text("---\ntitle: x\n---\n\n" + "[" * 200_000 + "\n", encoding="utf-8")
    start = time.monotonic()
    for argv in (
        ["lint", str(article)],
        ["extract", str(article), "-o", str(tmp_path / "a.pot")],
        ["update", str(article), "--po", str(tmp_path / "a.po")],
    ):
        assert main(argv) == 1
        captured = capsys.readouterr()
        assert "10,000 '['" in captured.out + captured.err
    assert time.monotonic() - start < 30  # parsing it would take minutes
    assert not (tmp_path / "a.pot").exists() and not (tmp_path / "a.po").exists()
