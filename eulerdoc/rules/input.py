"""Input problems: the file cannot be read as a UTF-8 text article.

These are found while loading, before any checker runs; the runner turns an
:class:`~eulerdoc.article.load.ArticleLoadError` into one of these diagnostics.
"""

from __future__ import annotations

from eulerdoc.i18n import N_
from eulerdoc.rules.registry import define_rule

define_rule(
    "IN001",
    "unreadable-file",
    N_("The file cannot be read"),
    N_("""
What it does: reports a path that does not exist, is a directory, is not a regular file
(a named pipe, a device: never opened, so the check cannot hang) or cannot be opened
(permissions, a symbolic link loop).
Why: nothing else can be checked.
Fix: check the path and the file's permissions.
"""),
)
define_rule(
    "IN002",
    "not-utf8",
    N_("The file is not UTF-8"),
    N_("""
What it does: reports the first byte that is not valid UTF-8, with its line, column
and byte offset; when the bytes decode as GBK (common for files saved by Chinese
Windows editors) it says so. UTF-16 files (with or without a byte-order mark) are
recognised and reported as such.
Why: the site reads articles as UTF-8; other encodings show as mojibake.
Example: an article saved as GBK from Notepad.
Fix: re-save the file as UTF-8 (without BOM preferably).
"""),
)
define_rule(
    "IN003",
    "binary-file",
    N_("The file is binary, not text"),
    N_("""
What it does: reports a file that contains NUL bytes, at the line and column of the
first one (with its byte offset).
Why: a binary file (an image or a Word document renamed to .md) is not an article.
Fix: convert the document to Markdown, or remove the file.
"""),
)
define_rule(
    "IN004",
    "file-too-large",
    N_("The file is too large to be an article"),
    N_("""
What it does: refuses files larger than 8 MiB (at most that much is ever read).
Why: an article of that size is a mistake (an embedded image, a log), and would make
every later step slow.
Fix: move large content to separate files.
"""),
)
define_rule(
    "IN005",
    "markup-too-complex",
    N_("The article has too many '[' to be parsed in reasonable time"),
    N_("""
What it does: refuses an article with more than 10,000 '[' characters, before it is
parsed.
Why: each '[' may open a link, and markdown-it tries every one: tens of thousands of
them make parsing take minutes (on the site too), so a stray paste could stall every
commit. Real articles have a few hundred at most.
Fix: remove the pasted data, or put it in a code block in a separate file.
"""),
)
