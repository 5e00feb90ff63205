"""What termlang may read: the one file-access policy.

termlang runs in pre-commit and CI on files a counterparty sent, so a file can name other
files (`uses "agreement.term"`, a JSON scenario's `"agreement"`). Two kinds of read:

* a file the user **named** (on the command line, or found by walking a directory they
  named) is read if it is a regular file, without blocking, and at most `MAX_FILE_BYTES`
  (plus one byte, to tell that it is over);
* a file **referenced** by another file must also resolve, after every symbolic link, inside
  the project root (the git work tree holding the named file, else the directory named or
  holding it), plus any directory given with `--allow-outside`, and carry the suffix its
  role expects (`.term` for an agreement).

A refused file is never opened, so nothing of its content can reach a message, a snippet,
JSON or SARIF: the refusal names the path and the rule, as the data `Refusal` (its words
are chosen by the caller). docs/security.md states the policy and the threat model.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen


MAX_FILE_BYTES = 8 * 1024 * 1024


class Rule(Enum):
    """Why a file was not read (or could not be)."""

    MISSING = "missing"
    DIRECTORY = "directory"
    NOT_REGULAR = "not-regular"
    OUTSIDE = "outside"
    SUFFIX = "suffix"
    TOO_LARGE = "too-large"
    UNREADABLE = "unreadable"


@frozen
class Refusal:
    """A file that was not read: the path as shown, the rule, and its arguments."""

    shown: str
    rule: Rule
    detail: str = ""  # the OS's reason for UNREADABLE, the expected suffix for SUFFIX
    size: int = 0  # for TOO_LARGE: at least this many bytes
    roots: tuple[str, ...] = ()  # for OUTSIDE: the roots the file had to be in

    @property
    def io_error(self) -> bool:
        """An I/O problem (exit status 2), as opposed to a refused or oversized file."""
        return self.rule in (Rule.MISSING, Rule.DIRECTORY, Rule.UNREADABLE, Rule.NOT_REGULAR)


def _git_top(start: Path) -> Path | None:
    """The work tree holding `start`: the nearest directory with a `.git` entry."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def project_root(named: str | os.PathLike[str]) -> Path:
    """The root that files reached from `named` must stay in (resolved, symlinks followed)."""
    path = Path(os.path.realpath(named))
    folder = path if path.is_dir() else path.parent
    return _git_top(folder) or folder


@frozen
class Access:
    """The directories referenced files may live in (real paths, symlinks resolved)."""

    roots: tuple[Path, ...]

    @classmethod
    def for_named(cls, named: str | os.PathLike[str], allow: Iterable[str] = ()) -> Access:
        """The policy for files reached from a file or directory the user named."""
        extra = (Path(os.path.realpath(a)) for a in allow)
        return cls((project_root(named), *extra))

    def contains(self, real: Path) -> bool:
        return any(real == root or real.is_relative_to(root) for root in self.roots)

    def read_referenced(
        self, path: Path, shown: str, suffixes: tuple[str, ...] = (".term",)
    ) -> bytes | Refusal:
        """Read a file another file names, if the policy admits it."""
        real = Path(os.path.realpath(path))
        if not self.contains(real):
            return Refusal(shown, Rule.OUTSIDE, roots=tuple(str(r) for r in self.roots))
        if real.suffix not in suffixes:
            return Refusal(shown, Rule.SUFFIX, detail=" or ".join(suffixes))
        return read_named(real, shown)


def read_named(path: Path, shown: str) -> bytes | Refusal:
    """Read a regular file without blocking and at most `MAX_FILE_BYTES` (+1 to tell)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return Refusal(shown, Rule.MISSING)
    except IsADirectoryError:
        return Refusal(shown, Rule.DIRECTORY)
    except OSError as exc:
        return Refusal(shown, Rule.UNREADABLE, detail=_reason(exc))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return Refusal(shown, Rule.DIRECTORY)
        if not stat.S_ISREG(info.st_mode):
            return Refusal(shown, Rule.NOT_REGULAR)
        if info.st_size > MAX_FILE_BYTES:
            return Refusal(shown, Rule.TOO_LARGE, size=info.st_size)
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_FILE_BYTES:  # the file grew while it was read
            return Refusal(shown, Rule.TOO_LARGE, size=total)
        return b"".join(chunks)
    except OSError as exc:
        return Refusal(shown, Rule.UNREADABLE, detail=_reason(exc))
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else type(exc).__name__


def walk(top: Path) -> Iterator[tuple[Path, bool]]:
    """The files below directory `top` in a stable order, each with whether it is followed.

    Directories whose names start with `.` are skipped. Symbolic links to directories are
    not followed (as git, black and ruff do), so a walk cannot loop or wander the file
    system; a symbolic link to a file is followed only if its target is inside `top`
    (`False` beside it otherwise, so the caller can say so).
    """
    inside = Access((Path(os.path.realpath(top)),))
    for root, dirs, files in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            full = Path(root) / name
            if full.is_symlink():
                yield full, inside.contains(Path(os.path.realpath(full)))
            else:
                yield full, True
