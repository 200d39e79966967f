"""The site layout: site root, public folder, git-tracked files (DESIGN §2).

Nothing outside the site root is ever opened, whatever a path in an article says.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eulerdoc.config import Config

PUBLIC_MARKERS = (".vitepress/public", ".vuepress/public")


def git_toplevel(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


@dataclass
class Site:
    root: Path
    public: Path | None = None  # explicit public folder from the configuration
    _public_cache: dict[Path, Path | None] = field(default_factory=dict, repr=False)
    _tracked: set[Path] | None = field(default=None, repr=False)
    _tracked_loaded: bool = field(default=False, repr=False)

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
            path.resolve().relative_to(self.root.resolve())
        except (ValueError, OSError, RuntimeError):
            return False
        return True

    def public_for(self, article_path: Path) -> Path | None:
        """The public folder for an article: configured, else the nearest ancestor's."""
        if self.public is not None:
            return self.public
        folder = article_path.resolve().parent
        if folder in self._public_cache:
            return self._public_cache[folder]
        found: Path | None = None
        for ancestor in (folder, *folder.parents):
            for marker in PUBLIC_MARKERS:
                candidate = ancestor / marker
                if candidate.is_dir():
                    found = candidate
                    break
            if found is not None or ancestor == self.root:
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
                    self._tracked = {(self.root / n).resolve() for n in names if n}
        return self._tracked
