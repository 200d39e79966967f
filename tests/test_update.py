"""update: msgmerge semantics in Python (DESIGN §4 "update"): no translation is ever lost."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import polib
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from eulerdoc.article import load_bytes
from eulerdoc.l10n.catalog import (
    DEFAULT_PLURAL_FORMS,
    catalogue_text,
    new_catalogue,
    parse_catalogue,
    plural_forms,
    read_catalogue,
)
from eulerdoc.l10n.extract import extract
from eulerdoc.l10n.update import FUZZY_THRESHOLD, update
from tests.test_extract import BLOG, NEWS, header, make_site, msgfmt_check, requires_msgfmt, run


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710720000")


def template_of(text: str) -> polib.POFile:
    return extract(load_bytes(text.encode("utf-8"), Path("a.md")), reference="a.md")


def reread(catalogue: polib.POFile) -> polib.POFile:
    """Through the PO text and back, as a catalogue on disk would be."""
    return parse_catalogue(catalogue_text(catalogue).encode("utf-8"), "a.po")


def translated(text: str) -> polib.POFile:
    po, _report = update(template_of(text), new_catalogue("en", "a.md"), lang="en")
    for entry in po:
        entry.msgstr = "EN:" + entry.msgid
    return reread(po)


def by_msgid(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po if not e.obsolete}


def obsolete(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po if e.obsolete}


OLD = """# 社区版本发布公告

第一段：社区今天发布了新的长期支持版本，带来了许多新特性。

第二段：这一段会被删除，它的翻译必须保留下来。

第三段：这一段保持不变。
"""


def test_unchanged_changed_removed() -> None:
    po = translated(OLD)
    new = OLD.replace("带来了许多新特性", "带来了许多重要的新特性").replace(
        "第二段：这一段会被删除，它的翻译必须保留下来。\n\n", ""
    )
    merged, report = update(template_of(new), po)
    active = by_msgid(merged)
    # unchanged: kept
    assert active["第三段：这一段保持不变。"].msgstr == "EN:第三段：这一段保持不变。"
    assert "fuzzy" not in active["第三段：这一段保持不变。"].flags
    # changed: fuzzy, previous msgid, closest old translation
    edited = active["第一段：社区今天发布了新的长期支持版本，带来了许多重要的新特性。"]
    assert "fuzzy" in edited.flags
    assert edited.previous_msgid == "第一段：社区今天发布了新的长期支持版本，带来了许多新特性。"
    assert edited.msgstr == "EN:第一段：社区今天发布了新的长期支持版本，带来了许多新特性。"
    # removed: obsolete, kept with its translation
    gone = obsolete(merged)["第二段：这一段会被删除，它的翻译必须保留下来。"]
    assert gone.msgstr == "EN:第二段：这一段会被删除，它的翻译必须保留下来。"
    assert (report.kept, report.fuzzy, report.new, report.obsolete) == (2, 1, 0, 1)
    text = catalogue_text(merged)
    assert (
        '#, fuzzy\n#| msgid "第一段：社区今天发布了新的长期支持版本，带来了许多新特性。"\n' in text
    )
    assert '#~ msgid "第二段：这一段会被删除，它的翻译必须保留下来。"\n' in text
    assert text.index("#~ msgid") > text.index('msgid "第三段')  # obsolete entries last


def test_obsolete_entry_is_revived() -> None:
    po = translated(OLD)
    without = OLD.replace("第三段：这一段保持不变。\n", "")
    merged, _ = update(template_of(without), po)
    assert "第三段：这一段保持不变。" in obsolete(reread(merged))
    back, report = update(template_of(OLD), reread(merged))
    entry = by_msgid(back)["第三段：这一段保持不变。"]
    assert entry.msgstr == "EN:第三段：这一段保持不变。"
    assert "fuzzy" not in entry.flags
    assert obsolete(back) == {}
    assert report.revived == 1


def test_edited_twice_before_review_keeps_the_text_the_translation_was_made_for() -> None:
    po = translated(OLD)
    once = OLD.replace("许多新特性", "许多重要的新特性")
    po = reread(update(template_of(once), po)[0])
    twice = once.replace("今天发布", "昨天发布")
    merged = by_msgid(reread(update(template_of(twice), po)[0]))
    entry = next(e for msgid, e in merged.items() if "昨天发布" in msgid)
    assert "fuzzy" in entry.flags
    first = next(line for line in OLD.splitlines() if line.startswith("第一段"))
    assert entry.previous_msgid == first  # as msgmerge: not the intermediate text
    assert entry.msgstr == "EN:" + first


def test_a_plural_translation_of_a_singular_text_is_kept_as_fuzzy() -> None:
    po = translated(OLD)
    entry = next(e for e in po if e.msgid.startswith("第三段"))
    entry.msgid_plural = "plural"
    entry.msgstr, entry.msgstr_plural = "", {0: "one form", 1: "other form"}
    merged = by_msgid(reread(update(template_of(OLD), po)[0]))
    kept = next(e for msgid, e in merged.items() if msgid.startswith("第三段"))
    assert (kept.msgstr, "fuzzy" in kept.flags) == ("one form", True)
    assert kept.previous_msgid_plural == "plural"


def test_the_previous_text_of_an_obsolete_entry_survives_and_comes_back() -> None:
    po = translated(OLD)
    edited = OLD.replace("许多新特性", "许多重要的新特性")
    po = reread(update(template_of(edited), po)[0])  # fuzzy, '#|' the first text
    removed = "\n".join(line for line in edited.splitlines() if not line.startswith("第一段"))
    gone = reread(update(template_of(removed), po)[0])
    text = catalogue_text(gone)
    assert "#~| msgid" in text
    again = reread(update(template_of(removed), gone)[0])
    assert catalogue_text(again) == text  # read back with its '#~|': nothing changes
    back = by_msgid(reread(update(template_of(edited), again)[0]))
    entry = next(e for msgid, e in back.items() if msgid.startswith("第一段"))
    assert entry.previous_msgid is not None and "许多新特性" in entry.previous_msgid


def test_too_different_is_new_not_fuzzy() -> None:
    po = translated("# 标题\n\n完全不同的旧段落内容。\n")
    merged, report = update(template_of("# 标题\n\n另外一句话，毫无关系。\n"), po)
    entry = by_msgid(merged)["另外一句话，毫无关系。"]
    assert entry.msgstr == "" and "fuzzy" not in entry.flags
    assert report.new == 1
    assert obsolete(merged)["完全不同的旧段落内容。"].msgstr == "EN:完全不同的旧段落内容。"


def test_threshold_is_msgmerges() -> None:
    assert FUZZY_THRESHOLD == 0.6


def test_fuzzy_only_within_the_same_context() -> None:
    po = translated("---\ntitle: 社区版本发布公告\n---\n\n正文。\n")
    merged, _ = update(template_of("---\ntitle: 正文\n---\n\n社区版本发布公告！\n"), po)
    # the body text is close to the old title, but a title is not a paragraph
    body = by_msgid(merged)["社区版本发布公告！"]
    assert body.msgctxt is None
    assert (body.msgstr, body.flags) == ("", [])
    title = next(e for e in merged if e.msgctxt == "title" and not e.obsolete)
    assert (title.msgid, title.msgstr) == ("正文", "")
    old_title = next(e for e in merged if e.msgctxt == "title" and e.obsolete)
    assert old_title.msgstr == "EN:社区版本发布公告"


def test_translator_comments_flags_and_header_are_kept() -> None:
    po = translated(OLD)
    entry = by_msgid(po)["第三段：这一段保持不变。"]
    entry.tcomment = "译者的说明"
    po.metadata["Last-Translator"] = "Translator <t@example.org>"
    po.metadata["PO-Revision-Date"] = "2024-03-20 10:00+0800"
    merged, _ = update(template_of(OLD), reread(po))
    assert by_msgid(merged)["第三段：这一段保持不变。"].tcomment == "译者的说明"
    fields = header(catalogue_text(merged))
    assert fields["Last-Translator"] == "Translator <t@example.org>"
    assert fields["PO-Revision-Date"] == "2024-03-20 10:00+0800"
    assert fields["Language"] == "en"


def test_header_fields_are_filled_in() -> None:
    po = parse_catalogue(
        'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n\nmsgid "旧"\nmsgstr "old"\n'.encode(),
        "a.po",
    )
    merged, _ = update(template_of("新的段落。\n"), po, lang="en")
    fields = header(catalogue_text(merged))
    assert fields["Language"] == "en"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Content-Transfer-Encoding"] == "8bit"


def test_update_is_idempotent() -> None:
    po = translated(OLD)
    new = OLD.replace("许多新特性", "许多新的特性")
    once, _ = update(template_of(new), po)
    twice, report = update(template_of(new), reread(once))
    assert catalogue_text(twice) == catalogue_text(once)
    assert (report.fuzzy, report.new) == (0, 0)


# --- random edit sequences ---------------------------------------------------------

CHARS = (
    "社区版本发布开源软件系统内核生态合作伙伴用户开发者贡献代码仓库构建测试文档翻译网站会议"
    "活动技术委员会治理安全漏洞修复补丁升级迁移兼容性能优化调度内存网络存储虚拟化容器编排云原生"
    "边缘计算嵌入式芯片架构指令集编译器工具链镜像下载安装配置服务器桌面图形界面驱动固件"
)


def words(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(CHARS) for _ in range(rng.randint(2, 3))) for _ in range(count)]


@dataclass
class Block:
    kind: str  # "p", "h", "li"
    words: list[str]
    base: str | None = None  # the text at the start of the round (None: added)
    edits: int = 0

    @property
    def text(self) -> str:
        return "".join(self.words) + "。"

    def markdown(self) -> str:
        prefix = {"p": "", "h": "## ", "li": "- "}[self.kind]
        return prefix + self.text


def article_text(blocks: list[Block]) -> str:
    return "---\ntitle: 随机生成的文章\n---\n\n" + "\n\n".join(b.markdown() for b in blocks) + "\n"


@dataclass
class Round:
    operations: list[tuple[str, int, int]] = field(default_factory=list)
    translate: int = 0  # seed for which entries the translator fills in


operation = st.tuples(
    st.sampled_from(["edit", "delete", "add", "move"]),
    st.integers(0, 1000),
    st.integers(0, 1000),
)


def _translated_from(entry: polib.POEntry) -> str:
    """The text a translation was made for: its msgid, or its '#|' while fuzzy."""
    if "fuzzy" in entry.flags and entry.previous_msgid is not None:
        return str(entry.previous_msgid)
    return str(entry.msgid)


@given(
    seed=st.integers(0, 2**32),
    size=st.integers(1, 8),
    rounds=st.lists(
        st.builds(Round, st.lists(operation, max_size=6), st.integers(0, 2**32)),
        min_size=1,
        max_size=4,
    ),
)
@settings(max_examples=80, deadline=None)
def test_random_edit_sequences_lose_nothing(seed: int, size: int, rounds: list[Round]) -> None:
    rng = random.Random(seed)
    blocks = [
        Block(rng.choice(["p", "p", "h", "li"]), words(rng, rng.randint(6, 10)))
        for _ in range(size)
    ]
    po = translated(article_text(blocks))
    for current in rounds:
        for block in blocks:
            block.base, block.edits = block.text, 0
        for name, a, b in current.operations:
            if name == "add" or not blocks:
                new = Block(rng.choice(["p", "h", "li"]), words(rng, rng.randint(6, 10)))
                blocks.insert(a % (len(blocks) + 1), new)
            elif name == "edit":
                block = blocks[a % len(blocks)]
                block.words[b % len(block.words)] = words(rng, 1)[0]
                block.edits += 1
            elif name == "delete":
                del blocks[a % len(blocks)]
            else:
                blocks.insert(b % len(blocks), blocks.pop(a % len(blocks)))
        texts = {b.text for b in blocks}
        if len(texts) < len(blocks):
            event("two equal blocks")
            return  # two blocks happen to be equal: one entry, nothing to learn
        merged, _report = update(template_of(article_text(blocks)), po)
        merged = reread(merged)
        active, gone = by_msgid(merged), obsolete(merged)

        # no translation is ever lost
        kept = {e.msgstr for e in merged if e.msgstr}
        for old in po:
            if old.msgstr:
                assert old.msgstr in kept, old.msgid
                assert (
                    (old.msgid in active and active[old.msgid].msgstr == old.msgstr)
                    or (old.msgid in gone and gone[old.msgid].msgstr == old.msgstr)
                    or any(
                        e.previous_msgid in (old.msgid, old.previous_msgid)
                        and e.msgstr == old.msgstr
                        for e in active.values()
                    )
                ), old.msgid
        old_active = by_msgid(po)
        for block in blocks:
            entry = active[block.text]
            if block.base == block.text:  # unchanged (perhaps moved): keeps its own
                old = old_active[block.text]
                assert (entry.msgstr, entry.flags) == (old.msgstr, old.flags)
                event("unchanged block")
            elif block.base is not None and block.edits == 1 and old_active[block.base].msgstr:
                old = old_active[block.base]  # edited once: fuzzy with the previous msgid
                assert "fuzzy" in entry.flags
                # (that of the old entry when it was fuzzy already: the translation was
                # made for that text, as msgmerge keeps it)
                assert entry.previous_msgid == _translated_from(old)
                assert entry.msgstr == old.msgstr
                event("edited block")
        if gone:
            event("obsolete entries")
        for text in {b.base for b in blocks if b.base} - texts:
            if old_active[text].msgstr and text not in gone:  # used for a fuzzy match
                origin = _translated_from(old_active[text])
                assert any(e.previous_msgid == origin for e in active.values())
        # updating again changes nothing
        again, _ = update(template_of(article_text(blocks)), merged)
        assert catalogue_text(again) == catalogue_text(merged)

        # the translator works: fills in some entries, confirms some fuzzy ones
        chooser = random.Random(current.translate)
        for entry in merged:
            if entry.obsolete or chooser.random() < 0.3:
                continue
            if not entry.msgstr:
                entry.msgstr = f"T{chooser.randrange(10**9)}"
            elif "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
        po = reread(merged)


# --- command line ------------------------------------------------------------------


def test_cli_update_one_article_without_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(NEWS, encoding="utf-8")
    code, out, err = run(["update", "a.md", "--po", "po/en.po", "--lang", "en"], capsys)
    assert (code, err) == (0, "")
    assert out == "po/en.po: created; kept 0, fuzzy 0, new 6, obsolete 0\n"
    po = read_catalogue(tmp_path / "po" / "en.po")
    assert po.metadata["Language"] == "en"
    assert po.metadata["POT-Creation-Date"] == "2024-03-18 00:00+0000"
    for entry in po:
        entry.msgstr = "EN:" + entry.msgid
    (tmp_path / "po" / "en.po").write_text(catalogue_text(po), encoding="utf-8")
    (tmp_path / "a.md").write_text(NEWS.replace("第二项", "第二项，已修改"), encoding="utf-8")
    code, out, err = run(["update", "a.md", "--po", "po/en.po", "--lang", "en"], capsys)
    assert (code, err) == (0, "")
    assert out == "po/en.po: updated; kept 5, fuzzy 1, new 0, obsolete 0\n"
    text = (tmp_path / "po" / "en.po").read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgid "第二项"\nmsgid "第二项，已修改"\nmsgstr "EN:第二项"\n' in text
    code, out, _err = run(["update", "a.md", "--po", "po/en.po", "--check"], capsys)
    assert code == 0 and "unchanged" in out


@requires_msgfmt
def test_cli_update_output_passes_msgfmt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(OLD, encoding="utf-8")
    assert run(["update", "a.md", "--po", "en.po"], capsys)[0] == 0
    po = read_catalogue(tmp_path / "en.po")
    for entry in po:
        entry.msgstr = "EN:" + entry.msgid
    (tmp_path / "en.po").write_text(catalogue_text(po), encoding="utf-8")
    (tmp_path / "a.md").write_text(
        OLD.replace("许多新特性", "许多新的特性").replace("第三段：这一段保持不变。\n", ""),
        encoding="utf-8",
    )
    assert run(["update", "a.md", "--po", "en.po"], capsys)[0] == 0
    text = (tmp_path / "en.po").read_text(encoding="utf-8")
    assert "#, fuzzy" in text and "#~ msgid" in text
    msgfmt_check(tmp_path / "en.po")


@pytest.mark.parametrize(
    ("broken", "line"),
    [
        ('msgid "a"\nmsgstr "未结束的字符串\n', 2),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4),
    ],
)
def test_cli_broken_po_is_a_clear_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    broken: str,
    line: int,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(NEWS, encoding="utf-8")
    (tmp_path / "en.po").write_text(broken, encoding="utf-8")
    code, _out, err = run(["update", "a.md", "--po", "en.po"], capsys)
    assert code == 1
    assert err.startswith(f"eulerdoc: en.po:{line}: ")
    assert "Traceback" not in err
    assert (tmp_path / "en.po").read_text(encoding="utf-8") == broken  # untouched


def test_cli_update_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(NEWS, encoding="utf-8")
    (tmp_path / "b.md").write_text(BLOG, encoding="utf-8")
    assert run(["update", "a.md", "b.md", "--po", "x.po"], capsys)[0] == 2
    assert run(["update", "a.md", "--po", "a.md"], capsys)[0] == 2
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == NEWS
    assert run(["update"], capsys)[0] == 2


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_batch_update_with_configured_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    site = make_site(tmp_path / "site")
    monkeypatch.chdir(site)
    assert run(["extract"], capsys)[0] == 0
    code, out, err = run(["update", "--jobs", jobs], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "locale/en/blog/author/b.po: created; kept 0, fuzzy 0, new 3, obsolete 0",
        "locale/en/news/2024/a.po: created; kept 0, fuzzy 0, new 6, obsolete 0",
    ]
    # the catalogue's POT-Creation-Date is its template's
    pot = (site / "locale" / "templates" / "news" / "2024" / "a.pot").read_text(encoding="utf-8")
    po = (site / "locale" / "en" / "news" / "2024" / "a.po").read_text(encoding="utf-8")
    assert header(po)["POT-Creation-Date"] == header(pot)["POT-Creation-Date"]
    code, out, _err = run(["update", "--lang", "fr", "--jobs", jobs], capsys)
    assert code == 0
    fr = read_catalogue(site / "locale" / "fr" / "news" / "2024" / "a.po")
    assert fr.metadata["Language"] == "fr"
    # French has its own plural rule (Babel's CLDR data, as for a new catalogue)
    assert fr.metadata["Plural-Forms"] == plural_forms("fr") != DEFAULT_PLURAL_FORMS
    code, out, _err = run(["update", "--check"], capsys)
    assert code == 0 and out.count("unchanged") == 2


def test_cli_batch_update_reports_a_broken_catalogue_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(tmp_path / "site")
    monkeypatch.chdir(site)
    assert run(["update"], capsys)[0] == 0
    bad = site / "locale" / "en" / "news" / "2024" / "a.po"
    bad.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    (site / "docs" / "zh" / "blog" / "author" / "b.md").write_text(
        BLOG + "\n新段落。\n", encoding="utf-8"
    )
    code, out, err = run(["update"], capsys)
    assert code == 1
    assert "locale/en/news/2024/a.po:2: invalid PO syntax" in err
    assert "Traceback" not in err
    assert "locale/en/blog/author/b.po: updated; kept 3, fuzzy 0, new 1, obsolete 0" in out
