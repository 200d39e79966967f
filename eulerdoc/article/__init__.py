"""Parsing: bytes → decoded text → front matter + markdown-it tokens → segments."""

from eulerdoc.article.load import ArticleLoadError, load_article, load_bytes, parse_text
from eulerdoc.article.model import Article, FrontMatter

__all__ = ["Article", "ArticleLoadError", "FrontMatter", "load_article", "load_bytes", "parse_text"]
