"""Loading the grammar and building the LALR parser once, cached in a user-owned directory.

The cache is a pickle, so loading one is running code: we only ever read it from a directory
that belongs to the current user and that no one else can write (`_safe_cache_dir`). Anywhere
else (a shared machine with a world-writable home, an odd umask) we build the parser in memory.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lark import Lark

GRAMMAR_NAME = "termlang.lark"


def grammar_path() -> Path:
    """The grammar file: shipped inside the package, or `grammar/` of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "grammar" / GRAMMAR_NAME
    if packaged.is_file():
        return packaged
    return here.parent.parent / "grammar" / GRAMMAR_NAME


def grammar_text() -> str:
    return grammar_path().read_text(encoding="utf-8")


def _safe_cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/termlang` (or `~/.cache/termlang`), if we own it and nobody else may write it."""
    if os.environ.get("TERMLANG_NO_CACHE"):
        return None
    base = os.environ.get("TERMLANG_CACHE_DIR")
    if base:
        path = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
        path = root / "termlang"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode):
        return None
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return None
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return path


def _cache_file(text: str) -> Path | None:
    directory = _safe_cache_dir()
    if directory is None:
        return None
    import lark

    key = hashlib.sha256(f"{lark.__version__}|{sys.version_info[:2]}|{text}".encode()).hexdigest()[
        :20
    ]
    target = directory / f"parser-{key}.lark"
    if target.exists():
        try:
            st = target.lstat()
        except OSError:
            return None
        owned = not hasattr(os, "getuid") or st.st_uid == os.getuid()
        if not stat.S_ISREG(st.st_mode) or not owned or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
    return target


@cache
def parser() -> Lark:
    """The LALR parser, built once per process and cached on disk between processes."""
    from lark import Lark

    from termlang.syntax.postlex import Continuation

    text = grammar_text()
    options = dict(
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        postlex=Continuation(),
    )
    target = _cache_file(text)
    if target is not None and target.exists():
        try:
            with target.open("rb") as fh:
                return Lark.load(fh)  # type: ignore[no-any-return]
        except Exception:
            pass
    built = Lark(text, **options)  # type: ignore[arg-type]
    if target is not None:
        _store(built, target)
    return built


def _store(built: Lark, target: Path) -> None:
    """Write the cache atomically: a private temporary file renamed into place."""
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".parser-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                built.save(fh)
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        pass
