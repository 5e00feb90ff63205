"""Text to items: the Lark grammar, its cached LALR parser, and syntax-error recovery."""

from termlang.syntax.parse import parse_source

__all__ = ["parse_source"]
