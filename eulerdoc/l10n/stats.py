"""Translation progress per catalogue: total, translated, fuzzy, untranslated, percent.

Counts are over active entries (the header and obsolete entries are not messages);
an entry is translated when its msgstr is non-empty and it is not fuzzy. The percent
of an empty catalogue is 100.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from eulerdoc.l10n.catalog import Message


@dataclass(frozen=True)
class CatalogueStats:
    path: str
    lang: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0

    @property
    def percent(self) -> float:
        if not self.total:
            return 100.0
        return round(100.0 * self.translated / self.total, 1)

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "percent": self.percent}


def catalogue_stats(path: str, lang: str, messages: Iterable[Message]) -> CatalogueStats:
    total = translated = fuzzy = obsolete = 0
    for message in messages:
        if message.obsolete:
            obsolete += 1
            continue
        total += 1
        if message.fuzzy:
            fuzzy += 1
        elif message.msgstr:
            translated += 1
    return CatalogueStats(
        path, lang, total, translated, fuzzy, total - translated - fuzzy, obsolete
    )


def combined(stats: Sequence[CatalogueStats], label: str) -> CatalogueStats:
    languages = sorted({s.lang for s in stats})
    return CatalogueStats(
        label,
        ", ".join(languages),
        sum(s.total for s in stats),
        sum(s.translated for s in stats),
        sum(s.fuzzy for s in stats),
        sum(s.untranslated for s in stats),
        sum(s.obsolete for s in stats),
    )


def _headers() -> list[str]:
    from eulerdoc.i18n import _

    return [
        _("percent"),
        _("translated"),
        _("fuzzy"),
        _("untranslated"),
        _("total"),
        _("language"),
        _("catalogue"),
    ]


def _row(stats: CatalogueStats) -> list[str]:
    return [
        f"{stats.percent:.1f}%",
        str(stats.translated),
        str(stats.fuzzy),
        str(stats.untranslated),
        str(stats.total),
        stats.lang,
        stats.path,
    ]


def format_text(stats: Sequence[CatalogueStats]) -> str:
    """An aligned table (numbers right-aligned), with a total row for several files."""
    from eulerdoc.article.text import display_width
    from eulerdoc.i18n import _

    rows = [_headers()] + [_row(s) for s in stats]
    if len(stats) > 1:
        rows.append(_row(combined(stats, _("total"))))
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - display_width(cell))
            cells.append(pad + cell if i < 5 else cell + pad)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def format_json(stats: Sequence[CatalogueStats]) -> str:
    import json

    return json.dumps([s.as_dict() for s in stats], ensure_ascii=False, indent=2) + "\n"


_STYLE = (
    "body{font-family:sans-serif;margin:2em}"
    "table{border-collapse:collapse}"
    "th,td{border:1px solid #ccc;padding:.3em .6em}"
    "td.n{text-align:right}"
    "tfoot td{font-weight:bold}"
)


def format_html(stats: Sequence[CatalogueStats]) -> str:
    """A small self-contained HTML page (no scripts, no external resources)."""
    from html import escape

    from eulerdoc.i18n import _

    def row(s: CatalogueStats, cell: str = "td") -> str:
        values = _row(s)
        parts = [
            f'<{cell} class="n"><progress max="100" value="{s.percent:.1f}"></progress> '
            f"{escape(values[0])}</{cell}>"
        ]
        parts += [f'<{cell} class="n">{escape(v)}</{cell}>' for v in values[1:5]]
        parts += [f"<{cell}>{escape(v)}</{cell}>" for v in values[5:]]
        return "<tr>" + "".join(parts) + "</tr>"

    title = escape(_("Translation progress"))
    head = "".join(f"<th>{escape(h)}</th>" for h in _headers())
    body = "\n".join(row(s) for s in stats)
    foot = f"<tfoot>{row(combined(stats, _('total')))}</tfoot>" if len(stats) > 1 else ""
    return (
        "<!DOCTYPE html>\n"
        '<html><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_STYLE}</style></head>\n"
        f"<body><h1>{title}</h1>\n<table><thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{body}\n</tbody>{foot}</table></body></html>\n"
    )
