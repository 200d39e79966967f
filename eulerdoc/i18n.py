"""eulerdoc's own messages in English and Chinese.

Catalogues live in the top-level ``locale/`` folder (installed as the package data
``eulerdoc/locale``); the language comes from :func:`set_language` (``--lang``) or from
the environment (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), English otherwise.
Messages are looked up when they are produced, so ``_()`` must be called at run time;
texts defined at import time are marked with ``N_()`` and translated when shown.
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

DOMAIN = "eulerdoc"
_translation: _gettext.NullTranslations | None = None


def locale_dir() -> Path:
    """The installed catalogues, or the checkout's ``locale/`` in an editable install."""
    here = Path(__file__).resolve().parent
    installed = here / "locale"
    return installed if installed.is_dir() else here.parent / "locale"


def available_languages() -> list[str]:
    """The languages eulerdoc's messages are in: English and every compiled catalogue."""
    folder = locale_dir()
    found = {"en"}
    if folder.is_dir():
        found.update(
            entry.name
            for entry in folder.iterdir()
            if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
        )
    return sorted(found)


def _env_languages() -> list[str]:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return [part for part in value.split(":") if part]
    return []


def normalise(lang: str) -> str:
    base = lang.split(".")[0].split("@")[0].replace("-", "_")
    if base.lower().startswith("zh"):
        return "zh_CN"
    return "en" if base.lower() in {"c", "posix", ""} or base.lower().startswith("en") else base


def set_language(lang: str | None) -> None:
    """Choose the message language; ``None`` goes back to the environment."""
    global _translation
    languages = [normalise(lang)] if lang else [normalise(x) for x in _env_languages()]
    languages = [x for x in languages if x] or ["en"]
    _translation = _gettext.translation(
        DOMAIN, localedir=str(locale_dir()), languages=languages, fallback=True
    )


def _(message: str) -> str:
    if _translation is None:
        set_language(None)
    assert _translation is not None
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark a literal for extraction without translating it now.

    For texts defined at import time (rule summaries and documentation): the literal is
    kept as it is and passed to :func:`_` when it is shown.
    """
    return message


def current_language() -> str:
    if _translation is None:
        set_language(None)
    info = _translation.info() if _translation is not None else {}
    return info.get("language", "en") or "en"
