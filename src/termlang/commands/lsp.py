"""`termlang lsp`: the language server, on stdin/stdout (needs `pip install 'termlang[lsp]'`)."""

from __future__ import annotations

import argparse
import sys

from termlang.commands import EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        sys.stderr.write(
            "termlang: the language server needs pygls and lsprotocol\n"
            "  install them with: pip install 'termlang[lsp]'\n"
        )
        return EXIT_USAGE
    from termlang.lsp.server import serve

    return serve()
