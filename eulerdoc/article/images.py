"""Image references in an article (Markdown inline and reference-style, raw ``<img>``, banner)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eulerdoc.article.model import Article


@dataclass(frozen=True, slots=True)
class ImageRef:
    """One image reference: ``src`` as the renderer reads it, ``start:end`` its raw text."""

    kind: str  # "markdown", "reference", "html" or "banner"
    src: str
    start: int
    end: int
    alt: str | None = None
    alt_start: int = -1
    alt_end: int = -1


def find_images(article: Article) -> list[ImageRef]:
    return []
