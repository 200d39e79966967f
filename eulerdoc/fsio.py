"""Atomic file writes: a temporary file in the same folder, fsync, then rename.

A reader (or a crash) never sees a half-written file, and a file whose content did not
change is not touched at all (no timestamp churn for make, git or pre-commit). A
symbolic link is written through: its target gets the new content and the link stays.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path | str, data: bytes, *, only_if_changed: bool = True) -> bool:
    """Write ``data`` to ``path`` atomically. Returns True when the file changed."""
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if only_if_changed:
        try:
            if path.read_bytes() == data:
                return False
        except OSError:
            pass
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = None
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        pass
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    return True
