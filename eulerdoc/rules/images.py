"""Image rules: every image an article shows must be a real, published, well-named file.

Images come from :func:`eulerdoc.article.images.find_images` (Markdown inline and
reference-style images, raw ``<img src>``, the front-matter ``banner``); each path is
resolved by :meth:`eulerdoc.site.Site.resolve_image`, which decides whether a path stays
inside the site root before anything is opened. Diagnostics point at the path itself (for
the banner: its value in the YAML; for a reference-style image: the definition's
destination). IMG008 is about files, not references: it is reported at the start of the
article that owns the media folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from eulerdoc.diagnostic import Diagnostic, Severity
from eulerdoc.i18n import N_, _
from eulerdoc.rules.registry import checker, define_rule

if TYPE_CHECKING:
    from eulerdoc.article.images import ImageRef
    from eulerdoc.article.model import Article
    from eulerdoc.rules.context import LintContext
    from eulerdoc.site import Resolution, Site

define_rule(
    "IMG001",
    "image-not-found",
    N_("An image file does not exist"),
    N_("""
What it does: reports an image (Markdown '![alt](path)', a reference-style image, an
HTML <img src>, or the front-matter banner) whose file does not exist. Relative paths
are looked up next to the article; paths that start with '/' and the banner are looked
up in the site's public folder (.vuepress/public or .vitepress/public).
Why: the page shows a broken image.
Example: '![发布会现场](./media/image3.png)' when media/ has no image3.png.
Fix: add the file (and commit it), or correct the path.
"""),
)
define_rule(
    "IMG002",
    "image-case-mismatch",
    N_("An image file exists only with different letter case"),
    N_("""
What it does: reports an image path that matches an existing file only when letter
case is ignored, and says how the path should be written.
Why: Windows and macOS ignore letter case, so the image shows on the author's computer;
the Linux web server does not, so the published page shows a broken image.
Example: '![架构图](./media/Image1.PNG)' when the file is media/image1.png.
Fix: write the path exactly as the file is named (or rename the file).
"""),
)
define_rule(
    "IMG003",
    "image-outside-site",
    N_("An image path leaves the site or points at the author's computer"),
    N_("""
What it does: reports image paths that lead outside the site root ('../../../x.png',
a symbolic link pointing outside), and paths on the author's computer: Windows paths
('D:\\图片\\x.png', 'C:/Users/...'), 'file://' URLs and absolute paths such as
'/home/name/x.png'. Such files are never opened.
Why: only files inside the site are published; these paths work for nobody else.
Example: '![](C:\\Users\\me\\Desktop\\image1.png)'.
Fix: copy the image into the article's media folder and use a relative path such as
'./media/image1.png'.
"""),
)
define_rule(
    "IMG004",
    "image-bad-content",
    N_("An image file is not an image, or its content does not match its extension"),
    N_("""
What it does: reads the first bytes of each local image and checks that they are a
PNG, JPEG, GIF, WebP, SVG, BMP, ICO or AVIF image of the kind the extension says.
Why: a Word export or a renamed file may be something else (an EMF drawing, an HTML
error page, a JPEG named .png); servers send the wrong type and some browsers and
CDNs refuse to show it.
Example: a JPEG photo saved as media/image1.png, or a text file named logo.png.
Fix: convert the file to a web image format, or rename it with the right extension.
"""),
)
define_rule(
    "IMG005",
    "image-path-not-resolvable",
    N_("An image path is not read as written"),
    N_("""
What it does: reports image paths the renderer or the web server will not read as the
author meant: unescaped spaces in a Markdown path (the image shows as plain text),
backslashes ('media\\image1.png'), a '#' or '?' that is part of the file name (the
browser cuts the path there), and URL schemes the site cannot show.
Why: the image works in some editors but is broken on the site.
Example: '![图](media/my image.png)' or '![图](media\\image1.png)'.
Fix: use '/' between folders; write spaces as '%20' or put the path in angle
brackets ('![图](<media/my image.png>)'); better, rename files to plain names.
"""),
)
define_rule(
    "IMG006",
    "remote-image",
    N_("An image is loaded from another website"),
    N_("""
What it does: warns about images whose path is an http(s) URL.
Why: the other site may change or remove the image, block hot-linking, or be slow or
unreachable for readers; every reader's browser contacts it.
Example: '![架构](https://example.com/arch.png)'.
Fix: download the image (when its licence allows), put it in the article's media
folder and use a relative path.
"""),
    severity=Severity.WARNING,
)
define_rule(
    "IMG007",
    "meaningless-alt-text",
    N_("An image has no alt text, or alt text that says nothing"),
    N_("""
What it does: warns about images whose alt text is empty, a generated name ('image2',
'IMG_256', '图片1'), a file name, or the image file's own name; and about HTML <img>
tags without an alt attribute.
Why: alt text is what screen readers read and what shows when the image does not load;
Word and pandoc fill it with names that mean nothing to a reader.
Example: '![IMG_256](./media/image1.png)'.
Fix: describe what the image shows: '![openEuler 社区大会现场](./media/image1.png)'.
"""),
    severity=Severity.WARNING,
)
define_rule(
    "IMG008",
    "unused-media-file",
    N_("A file in the article's media folder is not used"),
    N_("""
What it does: lists files in the folders that hold an article's images (usually
./media or a folder named like the article) that no article in or above that folder
references. Each file is reported once per article, at the start of the article.
Why: unused files make the repository larger for everybody, and are often the sign of
an image that was meant to be shown but is referenced under another name.
Example: media/image9.png left over after an image was removed from the article.
Fix: delete the file, or add the image to the article.
"""),
    severity=Severity.WARNING,
)
define_rule(
    "IMG009",
    "image-not-tracked",
    N_("An image file is not tracked by git"),
    N_("""
What it does: in a git work tree, reports images that exist on disk but are not
tracked by git (neither committed nor added).
Why: the article works on the author's computer, but the image is missing from the
commit, so the published page shows a broken image after merge.
Example: a new media/image1.png that was never 'git add'-ed.
Fix: git add the image file.
"""),
)

IMAGE_EXTENSIONS = {
    ".png": "png",
    ".apng": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jpe": "jpeg",
    ".jfif": "jpeg",
    ".gif": "gif",
    ".webp": "webp",
    ".svg": "svg",
    ".bmp": "bmp",
    ".ico": "ico",
    ".cur": "ico",
    ".avif": "avif",
    ".tif": "tiff",
    ".tiff": "tiff",
}
FORMAT_NAMES = {
    "png": "PNG",
    "jpeg": "JPEG",
    "gif": "GIF",
    "webp": "WebP",
    "svg": "SVG",
    "bmp": "BMP",
    "ico": "ICO",
    "avif": "AVIF",
    "tiff": "TIFF",
}
FORMAT_EXTENSIONS = {
    "png": ".png",
    "jpeg": ".jpg",
    "gif": ".gif",
    "webp": ".webp",
    "svg": ".svg",
    "bmp": ".bmp",
    "ico": ".ico",
    "avif": ".avif",
    "tiff": ".tif",
}
SNIFF_BYTES = 4096
MAX_ARTICLE_BYTES = 8 * 1024 * 1024
SKIP_DIRS = frozenset({"node_modules", "__pycache__"})
CONVENTIONAL_MEDIA = "media"


# --- file content ------------------------------------------------------------------


def sniff(head: bytes) -> str | None:
    """The image format of a file from its first bytes, None when it is not an image."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"BM") and head[6:10] == b"\x00\x00\x00\x00":
        return "bmp"
    if head.startswith((b"\x00\x00\x01\x00", b"\x00\x00\x02\x00")):
        return "ico"
    if head[4:8] == b"ftyp":
        size = int.from_bytes(head[0:4], "big")
        brands = head[8 : min(max(size, 16), len(head))]
        if any(brands[i : i + 4] in (b"avif", b"avis") for i in range(0, len(brands) - 3, 4)):
            return "avif"
        return None
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if _is_svg(head):
        return "svg"
    return None


def _is_svg(head: bytes) -> bool:
    for encoding in ("utf-8", "utf-16"):
        if encoding == "utf-16" and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        text = head.decode(encoding, "ignore").lstrip("\ufeff \t\r\n").lower()
        if text.startswith("<") and "<svg" in text:
            return True
    return False


def _read_head(site: Site, path: Path) -> bytes | None:
    real = str(path)
    if not site.is_file(real):  # inside the root and a regular file, or nothing is read
        return None

    def read() -> bytes | None:
        try:
            with open(real, "rb") as handle:
                return handle.read(SNIFF_BYTES)
        except OSError:
            return None

    return site.memo(("images.head", real), read)


# --- which site an article belongs to ----------------------------------------------------


def site_for(site: Site, article_path: Path) -> Site:
    """The site whose root holds the article.

    Usually the configured one. An article outside its root (a folder linted from
    another repository) gets a site of its own: its git work tree, else the folder that
    holds its ``.vuepress``/``.vitepress`` public folder, else the article's folder.
    """
    from eulerdoc.site import PUBLIC_MARKERS, Site, git_toplevel

    if site.contains(article_path):
        return site
    folder = Path(os.path.realpath(article_path)).parent

    def root() -> Path:
        top = git_toplevel(folder)
        if top is not None:
            return top
        for ancestor in (folder, *folder.parents):
            if any((ancestor / marker).is_dir() for marker in PUBLIC_MARKERS):
                return ancestor
        return folder

    found = site.memo(("images.root", folder), root)
    return site.memo(("images.site", found), lambda: Site(root=found, public=site.public))


# --- one image -------------------------------------------------------------------------


def _shown(site: Site, path: Path | str) -> str:
    try:
        return Path(os.path.relpath(path, site.real_root)).as_posix()
    except ValueError:
        return str(path)


def _position(ctx: LintContext, ref: ImageRef) -> tuple[int, int]:
    return ctx.article.position(max(ref.start, 0))


def _alt_problem(ref: ImageRef) -> str | None:
    from eulerdoc.article.images import BANNER, HTML
    from eulerdoc.article.text import is_meaningless_alt

    if ref.kind == BANNER:
        return None
    if ref.alt is None:
        if ref.kind == HTML:
            return _('the <img> tag has no alt attribute; add alt="..." describing the image')
        return None
    alt = ref.alt.strip()
    if not alt:
        return _("the image has no alt text; describe what it shows")
    name = ref.src.strip().replace("\\", "/").split("?")[0].split("#")[0].rsplit("/", 1)[-1]
    name = unquote(name)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    plain = alt.replace("\\_", "_")
    if is_meaningless_alt(alt) or plain.casefold() in {name.casefold(), stem.casefold()}:
        return _(
            "the alt text '{alt}' says nothing about the image; describe what it shows"
        ).format(alt=alt)
    return None


def _content_problem(site: Site, ref: ImageRef, path: Path) -> str | None:
    head = _read_head(site, path)
    if head is None:
        return None
    actual = sniff(head)
    expected = IMAGE_EXTENSIONS.get(path.suffix.lower())
    if actual is not None and (expected is None or expected == actual):
        return None
    if actual is not None and expected is not None:
        return _(
            "'{src}' is a {actual} image, not {expected}: rename the file to '{name}' "
            "(and the path here)"
        ).format(
            src=ref.src,
            actual=FORMAT_NAMES[actual],
            expected=FORMAT_NAMES[expected],
            name=path.stem + FORMAT_EXTENSIONS[actual],
        )
    if not head:
        return _("'{src}' is an empty file, not an image").format(src=ref.src)
    return _(
        "'{src}' is not an image the browser can show (expected PNG, JPEG, GIF, WebP, SVG, "
        "BMP, ICO or AVIF content); convert it to PNG or JPEG"
    ).format(src=ref.src)


def _resolve(site: Site, article: Article, ref: ImageRef) -> Resolution:
    from eulerdoc.article.images import BANNER

    return site.resolve_image(article.path, ref.src, banner=ref.kind == BANNER)


def _check_ref(site: Site, ref: ImageRef, res: Resolution) -> Iterator[tuple[str, str]]:
    """(code, message) of every problem of one image."""
    from eulerdoc import site as layout

    src = ref.src
    if not ref.rendered:
        yield (
            "IMG005",
            _(
                "the image path '{src}' contains spaces, so the image shows as plain text; "
                "write the path in angle brackets ('<{src}>') or the spaces as '%20'"
            ).format(src=src),
        )
        return
    problem = _alt_problem(ref)
    if problem is not None:
        yield "IMG007", problem
    if res.kind == layout.EMPTY:
        yield "IMG001", _("the image has no path")
        return
    if res.kind == layout.REMOTE:
        yield (
            "IMG006",
            _(
                "remote image '{src}': it can change or disappear, and every reader's browser "
                "contacts that host; copy it next to the article"
            ).format(src=src),
        )
        return
    if res.kind == layout.DATA:
        return
    if res.kind == layout.SCHEME:
        yield (
            "IMG005",
            _(
                "the image path '{src}' uses a URL scheme the site cannot show; use a relative "
                "path to an image file"
            ).format(src=src),
        )
        return
    if res.kind == layout.FILESYSTEM:
        yield (
            "IMG003",
            _(
                "the image path '{src}' is a file on the author's computer, which nobody else "
                "has; copy the image into the article's media folder and use a relative path"
            ).format(src=src),
        )
        return
    if not res.inside:
        yield (
            "IMG003",
            _(
                "the image path '{src}' leads outside the site, which is not published; move "
                "the image into the site"
            ).format(src=src),
        )
        return
    if res.no_public:
        return  # a site-absolute path without a public folder: nothing to compare with
    if res.problem == layout.BACKSLASH:
        yield (
            "IMG005",
            _(
                "the image path '{src}' uses backslashes, which only Windows reads as folder "
                "separators; write '{fixed}'"
            ).format(src=src, fixed=src.replace("\\", "/")),
        )
    elif res.problem in (layout.HASH, layout.QUERY):
        mark = "#" if res.problem == layout.HASH else "?"
        yield (
            "IMG005",
            _(
                "the file name in '{src}' contains '{mark}', where the browser cuts the path; "
                "rename the file without '{mark}'"
            ).format(src=src, mark=mark),
        )
        return
    if res.exists and res.path is not None:
        content = _content_problem(site, ref, res.path)
        if content is not None:
            yield "IMG004", content
        tracked = site.tracked_files()
        if tracked is not None and res.path not in tracked:
            if site.git_ignores(res.path):
                message = _(
                    "the image '{src}' is ignored by git (.gitignore), so it will be missing "
                    "after merge; change .gitignore or run: git add -f {path}"
                )
            else:
                message = _(
                    "the image '{src}' is not tracked by git, so it will be missing after "
                    "merge; run: git add {path}"
                )
            yield "IMG009", message.format(src=src, path=_shown(site, res.path))
        return
    if res.case_match is not None:
        yield (
            "IMG002",
            _(
                "the image '{src}' exists only with different letter case ({actual}); the "
                "Linux server will not find it; did you mean '{suggestion}'?"
            ).format(
                src=src,
                actual=_shown(site, res.case_match),
                suggestion=res.suggestion or res.case_match.name,
            ),
        )
        return
    target = _shown(site, res.path) if res.path is not None else src
    yield "IMG001", _("image not found: '{src}' (no file {target})").format(src=src, target=target)


# --- unused files -----------------------------------------------------------------


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _used_paths(pairs: Iterable[tuple[ImageRef, Resolution]]) -> set[str]:
    """Real paths of the files the images lead to (a case mismatch counts as a use)."""
    used: set[str] = set()
    for _ref, res in pairs:
        if res.exists and res.path is not None:
            used.add(str(res.path))
        elif res.case_match is not None:
            used.add(str(res.case_match))
    return used


def _site_texts(site: Site) -> list[tuple[str, str]]:
    """(path, text) of every Markdown file of the site, read once per process."""

    def compute() -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        pending = [site.real_root]
        while pending:  # symbolic links are not followed: nothing outside the root is seen
            folder = pending.pop()
            try:
                with os.scandir(folder) as scan:
                    entries = sorted(scan, key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith(".") or entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIP_DIRS:
                        pending.append(entry.path)
                elif entry.name.lower().endswith(".md") and entry.is_file(follow_symlinks=False):
                    try:
                        with open(entry.path, "rb") as handle:
                            data = handle.read(MAX_ARTICLE_BYTES)
                    except OSError:
                        continue
                    out.append((entry.path, data.decode("utf-8", "replace")))
        return sorted(out)

    return site.memo(("images.texts", site.real_root), compute)


_DELIMITERS = frozenset(" \t\r\n\"'()<>[]=,;`|{}")


def _mentions(text: str, needle: str) -> Iterator[str]:
    """Path-like words of ``text`` that end with the file name ``needle``."""
    start = text.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if (before in _DELIMITERS or before in "/\\") and not (after.isalnum() or after in "._-"):
            left = start
            while left > 0 and text[left - 1] not in _DELIMITERS:
                left -= 1
            yield text[left:end]
        start = text.find(needle, end)


def _referenced_elsewhere(site: Site, path: str) -> bool:
    """True when some Markdown file of the site has a path that leads to ``path``.

    Matches the file name in the raw text (also percent-encoded or with pandoc's ``\\_``)
    and resolves the path-like word around it, so references that the image parser does
    not see (VuePress components, other front-matter keys) count too.
    """
    import html
    from urllib.parse import quote

    from markdown_it.common.utils import unescapeAll

    name = os.path.basename(path)
    needles = {name, quote(name), name.replace("_", "\\_")}
    for md_path, text in _site_texts(site):
        for needle in needles:
            for word in _mentions(text, needle):
                written = html.unescape(unescapeAll(word))
                for banner in (False, True):
                    res = site.resolve_image(Path(md_path), written, banner=banner)
                    found = res.path if res.exists else res.case_match
                    if found is not None and str(found) == path:
                        return True
    return False


def _owner_prefix(names: Iterable[str], relative: str) -> int:
    """Length of the longest article stem that starts ``relative`` (0: none)."""
    return max((len(n) for n in names if relative.startswith(n)), default=0)


def _media_folders(
    site: Site, article: Article, used: set[str], article_dir: str, public: str | None
) -> list[str]:
    folders = {os.path.dirname(path) for path in used}
    listing = site.listing(article_dir)
    if listing is not None:
        stem = Path(article.path).stem
        articles = [n for n in listing.names if n.lower().endswith(".md")]
        names = [stem, stem + ".assets", stem + "-media"]
        if len(articles) == 1:
            names.append(CONVENTIONAL_MEDIA)
        for name in names:
            if listing.names.get(name) is False:  # present, and not a symbolic link
                folders.add(os.path.join(article_dir, name))
    return sorted(
        folder
        for folder in folders
        if _under(folder, article_dir) and not (public and _under(folder, public))
    )


def _unused(
    ctx: LintContext, site: Site, pairs: list[tuple[ImageRef, Resolution]]
) -> Iterator[Diagnostic]:
    article = ctx.article
    if not site.contains(article.path):
        return
    article_dir = os.path.realpath(article.path.parent)
    public_path = site.public_for(article.path)
    public = os.path.realpath(public_path) if public_path is not None else None
    used = {p for p in _used_paths(pairs) if _under(p, site.real_root)}
    folders = _media_folders(site, article, used, article_dir, public)
    if not folders:
        return
    listing = site.listing(article_dir)
    stem = Path(article.path).stem
    others = [
        Path(n).stem
        for n in (listing.names if listing is not None else ())
        if n.lower().endswith(".md") and Path(n).stem != stem
    ]
    for folder in folders:
        entries = site.listing(folder)
        if entries is None:
            continue
        own = folder == article_dir
        for name in sorted(entries.names):
            path = os.path.join(folder, name)
            if name.startswith(".") or name.lower().endswith(".md") or path in used:
                continue
            if entries.names[name]:
                continue  # a symbolic link: not a file of this folder (and maybe not the site's)
            if own and Path(name).suffix.lower() not in IMAGE_EXTENSIONS:
                continue
            if not site.is_file(path):
                continue
            relative = Path(os.path.relpath(path, article_dir)).as_posix()
            # In a shared folder, a file named after another article is that article's.
            mine = len(stem) if relative.startswith(stem) else 0
            if _owner_prefix(others, relative) > mine:
                continue
            if _referenced_elsewhere(site, path):
                continue
            yield ctx.at(
                "IMG008",
                1,
                1,
                _(
                    "'{name}' in the article's media folder is not used by any article; "
                    "delete it or show it"
                ).format(name=relative),
            )


# --- the checker -----------------------------------------------------------------------


@checker("IMG001", "IMG002", "IMG003", "IMG004", "IMG005", "IMG006", "IMG007", "IMG008", "IMG009")
def check_images(ctx: LintContext) -> Iterator[Diagnostic]:
    article = ctx.article
    site = site_for(ctx.site, article.path)
    pairs = [(ref, _resolve(site, article, ref)) for ref in article.images]
    seen: set[tuple[str, int, int, str]] = set()
    for ref, res in pairs:
        line, column = _position(ctx, ref)
        for code, message in _check_ref(site, ref, res):
            key = (code, line, column, message)
            if key not in seen:
                seen.add(key)
                yield ctx.at(code, line, column, message)
    yield from _unused(ctx, site, pairs)
