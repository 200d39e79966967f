"""The site layout: site root, public folder, git-tracked files (DESIGN §2).

Nothing outside the site root is ever opened, whatever a path in an article says:
:meth:`Site.resolve_image` decides lexically whether a path stays inside the root
before touching the file system, then walks it one folder listing at a time, following
symbolic links only while their targets stay inside the root.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import unquote

if TYPE_CHECKING:
    from eulerdoc.config import Config

PUBLIC_MARKERS = (".vitepress/public", ".vuepress/public")

T = TypeVar("T")

# How an image path is read (Resolution.kind).
REMOTE = "remote"  # http(s)://host/..., //host/...
DATA = "data"  # data: URI, embedded in the page
SCHEME = "scheme"  # another URL scheme (ftp:, javascript:, ...)
FILESYSTEM = "filesystem"  # a path on the author's computer: D:\..., C:/..., file://, /home/...
SITE = "site"  # site-absolute (/img/x.png) or a banner: resolved in the public folder
RELATIVE = "relative"  # resolved in the article's folder
EMPTY = "empty"

# Not resolvable as written (Resolution.problem).
BACKSLASH = "backslash"
HASH = "hash"
QUERY = "query"

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_WINDOWS = re.compile(r"^(?:[A-Za-z]:[\\/]|[A-Za-z]:$|\\\\|/[A-Za-z]:[\\/])")
# First folders of absolute paths that point at an author's computer rather than at the
# public folder, when the public folder has no such folder.
FILESYSTEM_ROOTS = frozenset(
    {
        "applications",
        "bin",
        "dev",
        "etc",
        "home",
        "library",
        "mnt",
        "opt",
        "private",
        "proc",
        "root",
        "srv",
        "sys",
        "system",
        "tmp",
        "users",
        "usr",
        "var",
        "volumes",
    }
)
MAX_SYMLINKS = 40


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where an image path leads (see :meth:`Site.resolve_image`)."""

    kind: str
    url: str  # the path as the renderer reads it (Markdown escapes and entities decoded)
    path: Path | None = None  # the file (symbolic links followed), None when not local
    base: Path | None = None  # the folder a local path was resolved in
    inside: bool = True  # False: the path leaves the site root and was never opened
    exists: bool = False  # a regular file exists at exactly this path
    case_match: Path | None = None  # exists only with different letter case: that file
    suggestion: str | None = None  # the path as it should be written (case mismatch)
    problem: str | None = None  # BACKSLASH, HASH, QUERY: not resolvable as written
    no_public: bool = False  # site-absolute, but no public folder was found

    @property
    def local(self) -> bool:
        return self.kind in (SITE, RELATIVE)


@dataclass(slots=True)
class _Listing:
    names: dict[str, bool]  # entry name -> is a symbolic link
    folded: dict[str, list[str]]  # casefolded name -> entry names


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def git_toplevel(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that holds ``.git``."""
    top = _git_toplevel(str(start))
    return None if top is None else Path(top)


@lru_cache(maxsize=1024)
def _git_toplevel(start: str) -> str | None:
    # Asked for every article of a run (and the answer is the same for a folder's
    # articles); a work tree that appears mid-run is not expected.
    for folder in (start, *(str(parent) for parent in Path(start).parents)):
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
    return None


def trusted_roots(config: Config | None, *paths: Path | str) -> list[str]:
    """The folders eulerdoc reads and writes in on its own: the configuration's folder,
    the git work tree holding it (or the current directory), and the work trees holding
    ``paths``; the current directory when there is none of these. Absolute, not resolved.
    """
    found: list[str] = []
    start = Path(config.root) if config is not None and config.root else Path.cwd()
    if config is not None and config.root:
        found.append(config.root)
    for folder in (start, *(Path(os.path.abspath(p)).parent for p in paths)):
        top = git_toplevel(folder)
        if top is not None:
            found.append(str(top))
    if not found:
        found.append(os.getcwd())
    return list(dict.fromkeys(os.path.abspath(f) for f in found))


def inside_real(path: Path | str, roots: Sequence[str]) -> bool:
    """True when ``path``, symbolic links followed, lies in one of ``roots`` (also followed)."""
    try:
        real = os.path.realpath(path)
    except ValueError:  # a NUL character: nothing can be opened there
        return False
    return any(_inside(real, os.path.realpath(root)) for root in roots)


def leaves_roots(path: Path | str, roots: Sequence[str]) -> bool:
    """True when ``path`` is written inside one of ``roots`` but a symbolic link takes it
    outside all of them (an article or catalogue linked to ``/etc/passwd``). Nothing is
    opened; a path written outside every root is the caller's explicit choice."""
    lexical = os.path.abspath(path)
    if not any(_inside(lexical, root) for root in roots):
        return False
    return not inside_real(path, roots)


def leaves_roots_message() -> str:
    from eulerdoc.i18n import _

    return _("a symbolic link leads outside the site; the file is not read")


@dataclass
class Site:
    root: Path
    public: Path | None = None  # explicit public folder from the configuration
    _public_cache: dict[Path, Path | None] = field(default_factory=dict, repr=False)
    _tracked: set[Path] | None = field(default=None, repr=False)
    _tracked_loaded: bool = field(default=False, repr=False)
    _listings: dict[str, _Listing | None] = field(default_factory=dict, repr=False)
    _memo: dict[object, object] = field(default_factory=dict, repr=False)
    _root_real: str | None = field(default=None, repr=False)

    @classmethod
    def discover(cls, config: Config, start: Path | None = None) -> Site:
        here = (start or Path.cwd()).resolve()
        top = git_toplevel(here)
        if top is not None:
            root = top
        elif config.root is not None:
            root = Path(config.root)
        else:
            root = Path.cwd().resolve()
        public = None
        if config.public:
            base = Path(config.root) if config.root else Path.cwd()
            public = (base / config.public).resolve()
        return cls(root=root, public=public)

    def contains(self, path: Path) -> bool:
        """True when ``path`` (resolved, symlinks followed) stays inside the site root."""
        try:
            return _inside(os.path.realpath(path), self.real_root)
        except (ValueError, OSError):
            return False

    def public_for(self, article_path: Path) -> Path | None:
        """The public folder for an article: configured, else the nearest ancestor's."""
        if self.public is not None:
            return self.public
        folder = article_path.resolve().parent
        if folder in self._public_cache:
            return self._public_cache[folder]
        found: Path | None = None
        for ancestor in (folder, *folder.parents):
            if not _inside(str(ancestor), self.real_root):
                break  # nothing above the site root is looked at
            for marker in PUBLIC_MARKERS:
                candidate = ancestor / marker
                if candidate.is_dir():
                    found = candidate
                    break
            if found is not None:
                break
        self._public_cache[folder] = found
        return found

    def tracked_files(self) -> set[Path] | None:
        """Files git tracks under the root (resolved), or None outside a git work tree."""
        if not self._tracked_loaded:
            self._tracked_loaded = True
            if (self.root / ".git").exists():
                try:
                    out = subprocess.run(
                        ["git", "ls-files", "-z"],
                        cwd=self.root,
                        capture_output=True,
                        check=True,
                        timeout=30,
                    ).stdout
                except (OSError, subprocess.SubprocessError):
                    out = None
                if out is not None:
                    names = out.decode("utf-8", "surrogateescape").split("\0")
                    self._tracked = set(_resolved(self.root, names))
        return self._tracked

    def git_ignores(self, path: Path) -> bool:
        """Whether git ignores ``path`` (``.gitignore``): ``git add`` would refuse it."""
        try:
            done = subprocess.run(
                ["git", "check-ignore", "-q", "--", str(path)],
                cwd=self.root,
                capture_output=True,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            return False
        return done.returncode == 0

    # -- images -----------------------------------------------------------------

    def memo(self, key: object, compute: Callable[[], T]) -> T:
        """A value computed once per site (e.g. what the articles of a folder use)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    @property
    def real_root(self) -> str:
        if self._root_real is None:
            self._root_real = os.path.realpath(self.root)
        return self._root_real

    def listing(self, folder: str) -> _Listing | None:
        """The entries of a folder inside the root (cached), None when it is not a folder."""
        if folder in self._listings:
            return self._listings[folder]
        result: _Listing | None = None
        if _inside(folder, self.real_root):
            try:
                with os.scandir(folder) as entries:
                    names = {entry.name: entry.is_symlink() for entry in entries}
            except OSError:
                pass
            else:
                folded: dict[str, list[str]] = {}
                for name in sorted(names):
                    folded.setdefault(name.casefold(), []).append(name)
                result = _Listing(names, folded)
        self._listings[folder] = result
        return result

    def locate(self, target: str) -> tuple[str | None, bool, bool]:
        """Walk an absolute, normalised path from the root, one listing at a time.

        Returns ``(real path or None, inside, case_mismatch)``: the real path of the
        entry when it exists (possibly only with different letter case), and whether
        the walk stayed inside the root. Symbolic links are followed only when their
        target stays inside the root; nothing outside it is listed, stat'ed or opened.
        """
        root = self.real_root
        mismatch = False
        for _ in range(MAX_SYMLINKS):
            if not _inside(target, root):
                return None, False, mismatch
            relative = target[len(root) :].strip(os.sep)
            parts = [p for p in relative.split(os.sep) if p] if relative else []
            current = root
            for index, part in enumerate(parts):
                listing = self.listing(current)
                if listing is None:
                    return None, True, mismatch
                if part in listing.names:
                    actual = part
                else:
                    candidates = listing.folded.get(part.casefold())
                    if not candidates:
                        return None, True, mismatch
                    actual = candidates[0]
                    mismatch = True
                child = os.path.join(current, actual)
                if listing.names[actual]:
                    try:
                        link = os.readlink(child)
                    except OSError:
                        return None, True, mismatch
                    target = os.path.normpath(os.path.join(current, link, *parts[index + 1 :]))
                    break
                current = child
            else:
                return current, True, mismatch
        return None, True, mismatch

    def is_file(self, real: str) -> bool:
        """True for a regular file; ``real`` comes from :meth:`locate` (inside the root)."""
        if not _inside(real, self.real_root):
            return False
        try:
            return stat.S_ISREG(os.stat(real).st_mode)
        except OSError:
            return False

    def resolve_image(self, article_path: Path, url: str, *, banner: bool = False) -> Resolution:
        """Where an image path written in an article leads.

        ``url`` is the path as the renderer reads it (Markdown escapes and HTML entities
        already decoded). Remote, ``data:`` and file-system paths are classified without
        touching the disk. Site-absolute paths (``/img/x.png``) and banners
        (``img/banners/x.png``) resolve in the public folder, other paths in the
        article's folder. ``%XX`` escapes are decoded and ``?query``/``#fragment``
        stripped, as a web server does.
        """
        text = url.strip()
        if not text:
            return Resolution(EMPTY, url)
        if _WINDOWS.match(text) or text.lower().startswith("file:"):
            return Resolution(FILESYSTEM, url, inside=False)
        if text.startswith("//"):
            return Resolution(REMOTE, url)
        scheme = _SCHEME.match(text)
        if scheme:
            name = scheme.group(1).lower()
            if name in ("http", "https"):
                return Resolution(REMOTE, url)
            return Resolution(DATA if name == "data" else SCHEME, url)
        problem = BACKSLASH if "\\" in text else None
        written = text.replace("\\", "/")
        cut = min((i for i in (written.find("?"), written.find("#")) if i >= 0), default=-1)
        path_part = written if cut < 0 else written[:cut]
        site_absolute = banner or path_part.startswith("/")
        article_folder = Path(os.path.realpath(article_path)).parent
        if site_absolute:
            public = self.public_for(article_path)
            decoded = unquote(path_part).lstrip("/")
            first = decoded.split("/", 1)[0]
            public_listing = self.listing(os.path.realpath(public)) if public else None
            has_first = public_listing is not None and first.casefold() in public_listing.folded
            if not banner and first.casefold() in FILESYSTEM_ROOTS and not has_first:
                return Resolution(FILESYSTEM, url, inside=False)
            if public is None:
                return Resolution(SITE, url, no_public=True)
            base = Path(os.path.realpath(public))
            kind = SITE
        else:
            decoded = unquote(path_part)
            base = article_folder
            kind = RELATIVE
        result = self._resolve_in(kind, url, base, decoded, problem)
        if not result.exists and result.inside and cut >= 0 and problem is None:
            # A file whose name really contains '?' or '#': the server never sees it.
            literal = self._resolve_in(kind, url, base, unquote(written).lstrip("/"), None)
            if literal.exists:
                mark = written[cut]
                return Resolution(
                    kind,
                    url,
                    literal.path,
                    base,
                    exists=True,
                    problem=HASH if mark == "#" else QUERY,
                )
        return result

    def _resolve_in(
        self, kind: str, url: str, base: Path, decoded: str, problem: str | None
    ) -> Resolution:
        target = os.path.normpath(os.path.join(base, decoded)) if decoded else str(base)
        real, inside, mismatch = self.locate(target)
        if not inside:
            return Resolution(kind, url, None, base, inside=False, problem=problem)
        if real is None or not self.is_file(real):
            return Resolution(kind, url, Path(target), base, problem=problem)
        if not mismatch:
            return Resolution(kind, url, Path(real), base, exists=True, problem=problem)
        return Resolution(
            kind,
            url,
            Path(target),
            base,
            case_match=Path(real),
            suggestion=_suggest(url, target, real, base),
            problem=problem,
        )


def _suggest(url: str, target: str, real: str, base: Path) -> str:
    """The written path with its letter case corrected (``media/Image1.png``)."""
    written = url.strip().replace("\\", "/")
    cut = min((i for i in (written.find("?"), written.find("#")) if i >= 0), default=-1)
    path_part, rest = (written, "") if cut < 0 else (written[:cut], written[cut:])
    pieces = path_part.split("/")
    target_parts = target.split(os.sep)
    real_parts = real.split(os.sep)
    if len(target_parts) == len(real_parts):
        # Same depth (no symbolic link in between): correct the written names in place.
        fixed = {t: r for t, r in zip(target_parts, real_parts, strict=True) if t != r}
        corrected = [fixed.get(unquote(p), p) if unquote(p) in fixed else p for p in pieces]
        return "/".join(corrected) + rest
    relative = os.path.relpath(real, base).replace(os.sep, "/")
    return ("/" if path_part.startswith("/") else "") + relative + rest


def resolved(path: Path) -> Path | None:
    """``path`` resolved, or None when it cannot be (a symbolic link that loops)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _resolved(root: Path, names: Iterable[str]) -> Iterator[Path]:
    """``root / name`` resolved, for each name that can be (a tracked symbolic link may
    loop: it is no image anyway)."""
    for name in names:
        if name:
            path = resolved(root / name)
            if path is not None:
                yield path
