"""Article → catalogue template: one entry per segment, in document order (DESIGN §4).

- the msgid is the segment's text; ``msgctxt`` only for front-matter keys (the key);
- ``#.`` says what kind of block the text comes from (``paragraph``, ``heading``,
  ``front matter: title`` …);
- ``#:`` gives ``path:line`` of the block's first line in the whole file, the path
  relative to the configuration root (forward slashes);
- identical (msgctxt, msgid) pairs are one entry with several references, never
  line-number contexts (they would churn at every edit).

The result is a :class:`polib.POFile` without any timestamp, so extracting an
unchanged article always gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polib

    from eulerdoc.article.model import Article
    from eulerdoc.article.segments import Segment
    from eulerdoc.config import Config


def segment_comment(segment: Segment) -> str:
    """The ``#.`` comment of a segment: its block kind (and key, in front matter)."""
    if segment.context is not None:
        return f"{segment.kind}: {segment.context}"
    return segment.kind


def article_segments(article: Article, config: Config | None) -> list[Segment]:
    if config is None:
        return article.segments
    from eulerdoc.article.segments import DEFAULT_FRONT_MATTER_KEYS, segment_article

    keys = tuple(config.front_matter_keys)
    if keys == DEFAULT_FRONT_MATTER_KEYS:
        return article.segments
    return segment_article(article, keys)


def extract(
    article: Article,
    *,
    lang: str | None = None,
    project: str | None = None,
    config: Config | None = None,
    reference: str | None = None,
) -> polib.POFile:
    """The catalogue of one article: a template, or an empty ``lang`` catalogue.

    ``reference`` is the path written in ``#:`` lines (default: the article's path
    relative to the configuration root, else to the current directory);
    ``project`` the ``Project-Id-Version`` (default: that same path).
    """
    import polib

    from eulerdoc.l10n.catalog import new_catalogue
    from eulerdoc.l10n.layout import reference_path

    where = reference if reference is not None else reference_path(Path(article.path), config)
    catalogue = new_catalogue(lang, project if project is not None else where)
    by_key: dict[tuple[str | None, str], polib.POEntry] = {}
    for segment in article_segments(article, config):
        key = (segment.context, segment.msgid)
        occurrence = (where, str(segment.line))
        comment = segment_comment(segment)
        entry = by_key.get(key)
        if entry is None:
            entry = polib.POEntry(
                msgid=segment.msgid,
                msgstr="",
                msgctxt=segment.context,
                comment=comment,
                occurrences=[occurrence],
            )
            by_key[key] = entry
            catalogue.append(entry)
            continue
        if occurrence not in entry.occurrences:
            entry.occurrences.append(occurrence)
        if comment not in entry.comment.split(", "):
            entry.comment += ", " + comment
    return catalogue
