"""Writing files so that nothing is ever lost: a reader sees the old file or the new one.

Two writers live here. `write_atomic` is the primitive: a temporary file in the target's own
directory, flushed to disk, then renamed over the target; a failure leaves the target
untouched and removes the temporary file. Only the parser-table cache uses it directly (its
directory is private and checked by the cache itself).

`write_file` is what commands use (`fmt`, `render -o`). It decides, from what sits at the
target, whether replacing it is safe, and refuses with a `WriteRefused` otherwise:

* nothing there: a new file, with the mode a plain `open()` gives under the umask;
* a regular file: replaced atomically, keeping its mode (never widened), owner and group;
  a file with other hard links, or whose owner or group cannot be given back to the
  replacement, is instead rewritten in place (same inode, so links, owner and mode stay):
  the new bytes are first made durable in a temporary file beside it, and that file is
  kept, named in the error, if the in-place write fails half-way;
* a file without any write bit (root included), or one the user may not write: refused;
* a character device or a FIFO (`/dev/null`, a pipe, a terminal, also through a symbolic
  link): written straight through, never replaced;
* `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`: written to that open descriptor, as the shell
  would with `>&1`, whatever it is (a terminal, a pipe, a redirected file);
* a directory, a socket, a block device: refused;
* a symbolic link to anything else: refused, unless `follow_symlinks`, which writes to the
  file the link resolves to (the link stays);
* the same file as one of `inputs` (same device and inode: also through links): refused;
* a change to the target while the new bytes were being prepared: refused, nothing
  written. With `expected` (the bytes the caller read), the target must still hold exactly
  them; without, its inode, size and modification time must not have moved. The check runs
  just before the rename, so only a change in the microseconds between the two goes unseen.
"""

from __future__ import annotations

import enum
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO


def new_file_mode() -> int:
    """The mode a plain `open()` would give a new file under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class Refusal(enum.Enum):
    """Why `write_file` would not write; `WriteRefused.code` maps each to a TL code."""

    SYMLINK = "TL030"
    NOT_A_FILE = "TL031"
    READ_ONLY = "TL032"
    IS_INPUT = "TL033"
    CHANGED = "TL034"


class WriteRefused(Exception):
    """`write_file` left the target alone: `reason`, the `path` it refused, and a detail
    (the link's target for SYMLINK, the kind of file for NOT_A_FILE, the input's path for
    IS_INPUT)."""

    def __init__(self, reason: Refusal, path: Path, detail: str = "") -> None:
        super().__init__(f"{reason.name.lower()}: {path}")
        self.reason = reason
        self.path = path
        self.detail = detail

    @property
    def code(self) -> str:
        return self.reason.value

    def words(self, shown: str) -> tuple[str, str]:
        """The diagnostic's message and help, `shown` being the name the user gave."""
        detail = self.detail
        match self.reason:
            case Refusal.SYMLINK:
                return (
                    f"`{shown}` is a symbolic link to `{detail}`",
                    f"pass `--follow-symlinks` to write to `{detail}`, or name that file",
                )
            case Refusal.NOT_A_FILE:
                return f"`{shown}` is {detail}", "name a regular file to write"
            case Refusal.READ_ONLY:
                return (
                    f"`{shown}` is read-only",
                    f"make it writable (`chmod u+w {shown}`) if it should change",
                )
            case Refusal.IS_INPUT:
                return (
                    f"`{shown}` is the input file `{detail}`",
                    "choose another output file: writing here would destroy the input",
                )
            case Refusal.CHANGED:
                return (
                    f"`{shown}` changed while termlang was writing it",
                    "nothing was written, so the other change is kept; run the command again",
                )


class Written(enum.Enum):
    """What `write_file` did."""

    CREATED = "created"
    REPLACED = "replaced"
    IN_PLACE = "in place"
    STREAMED = "streamed"


def write_atomic(
    path: Path, data: bytes | Callable[[BinaryIO], object], *, mode: int | None = None
) -> None:
    """Replace `path` with `data` (bytes, or a function writing to a binary file).

    `mode` sets the permissions of the result; None keeps the temporary file's private 0600
    (right for caches, which no one else should write or read). Whatever sits at `path` is
    replaced, a symbolic link included: commands use `write_file`, which checks first.
    """

    def prepare(fd: int, _tmp: str) -> bool:
        if mode is not None:
            os.fchmod(fd, mode)
        return True

    _rename_over(path, data, prepare)


def regenerate(path: Path, text: str, *, check: bool, command: str) -> int:
    """Bring a generated source file up to date, or with `check` say whether it is (0 or 1).

    The file is replaced atomically, readable as a source file is (`new_file_mode`).
    """
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if current == text:
        return 0
    if check:
        sys.stderr.write(f"{path} is stale: run `{command}`\n")
        return 1
    write_atomic(path, text.encode("utf-8"), mode=new_file_mode())
    return 0


def write_file(
    path: Path,
    data: bytes,
    *,
    expected: bytes | None = None,
    inputs: Iterable[Path] = (),
    follow_symlinks: bool = False,
) -> Written:
    """Write `data` to `path` by the rules in the module docstring.

    Raises `WriteRefused` when the target must not be written, `OSError` when writing fails.
    """
    descriptor = _descriptor(path)
    if descriptor is not None:
        _refuse_inputs(path, os.fstat(descriptor), inputs)
        _write_all(descriptor, data)
        return Written.STREAMED
    before = _lstat(path)
    if before is not None and stat.S_ISLNK(before.st_mode):
        pointed = _stat(path)
        if pointed is not None and _is_stream(pointed.st_mode):
            _refuse_inputs(path, pointed, inputs)
            return _stream(path, data)
        if not follow_symlinks:
            raise WriteRefused(Refusal.SYMLINK, path, os.readlink(path))
        path = Path(os.path.realpath(path))
        before = _lstat(path)
        if before is not None and stat.S_ISLNK(before.st_mode):  # a loop, or a race
            raise WriteRefused(Refusal.SYMLINK, path, os.readlink(path))
    if before is None:
        if expected is not None:
            raise WriteRefused(Refusal.CHANGED, path, "removed")
        return _create(path, data)
    kind = before.st_mode
    if _is_stream(kind):
        _refuse_inputs(path, before, inputs)
        return _stream(path, data)
    if not stat.S_ISREG(kind):
        raise WriteRefused(Refusal.NOT_A_FILE, path, _kind(kind))
    _refuse_inputs(path, before, inputs)
    if not kind & 0o222 or not os.access(path, os.W_OK):
        raise WriteRefused(Refusal.READ_ONLY, path)
    return _replace(path, data, before, expected)


# ------------------------------------------------------------------------------- helpers


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _stat(path: Path) -> os.stat_result | None:
    """The file a link points to; None when it dangles or loops."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        import errno

        if exc.errno == errno.ELOOP:
            return None
        raise


def _is_stream(mode: int) -> bool:
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _refuse_inputs(path: Path, target: os.stat_result, inputs: Iterable[Path]) -> None:
    for source in inputs:
        try:
            seen = os.stat(source)
        except OSError:
            continue
        if (seen.st_dev, seen.st_ino) == (target.st_dev, target.st_ino):
            raise WriteRefused(Refusal.IS_INPUT, path, str(source))


_DESCRIPTOR = re.compile(r"/(?:dev|proc/self)/fd/(\d+)")
_STANDARD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


def _descriptor(path: Path) -> int | None:
    """The open descriptor a path like `/dev/stdout` or `/dev/fd/3` names, if it is open.

    Writing to it directly is what the shell does with `>&1`: opening the path again would
    truncate a redirected file, and replacing it would replace the link in /dev.
    """
    name = os.path.normpath(path)
    found = _DESCRIPTOR.fullmatch(name)
    number = int(found.group(1)) if found else _STANDARD.get(name)
    if number is None:
        return None
    try:
        os.fstat(number)
    except OSError:
        return None
    return number


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _stream(path: Path, data: bytes) -> Written:
    """Write through to a device or a pipe: no temporary file, nothing replaced."""
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)
    return Written.STREAMED


def _temporary(path: Path, data: bytes | Callable[[BinaryIO], object]) -> tuple[int, str]:
    """A private (0600) temporary file beside `path` holding `data`, flushed to disk; its
    descriptor is returned open (the caller closes it)."""
    import tempfile

    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        handle = os.fdopen(os.dup(fd), "wb")
        with handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                data(handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        _discard(fd, tmp)
        raise
    return fd, tmp


def _discard(fd: int, tmp: str) -> None:
    if fd >= 0:
        try:
            os.close(fd)
        except OSError:
            pass
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _sync_directory(path: Path) -> None:
    """Make a rename in `path`'s directory durable (best effort: not every system allows it)."""
    try:
        fd = os.open(path.parent if str(path.parent) else ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _create(path: Path, data: bytes) -> Written:
    fd, tmp = _temporary(path, data)
    try:
        os.fchmod(fd, new_file_mode())
        os.close(fd)
        fd = -1
        if _lstat(path) is not None:  # appeared meanwhile: someone else's file now
            raise WriteRefused(Refusal.CHANGED, path, "created")
        os.replace(tmp, path)
    except BaseException:
        _discard(fd, tmp)
        raise
    _sync_directory(path)
    return Written.CREATED


def _unchanged(path: Path, before: os.stat_result, expected: bytes | None) -> bool:
    """Whether the target is still what the caller saw (see the module docstring)."""
    if expected is None:
        now = _lstat(path)
        return (
            now is not None
            and _same(now, before)
            and (now.st_size, now.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
        )
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        if not _same(os.fstat(fd), before):
            return False
        chunks = []
        left = len(expected) + 1  # one byte more: an append shows
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks) == expected
    finally:
        os.close(fd)


def _same(now: os.stat_result, before: os.stat_result) -> bool:
    """Still the same regular file (not replaced by a rename or a new file)."""
    return stat.S_ISREG(now.st_mode) and (now.st_dev, now.st_ino) == (
        before.st_dev,
        before.st_ino,
    )


def _replace(path: Path, data: bytes, before: os.stat_result, expected: bytes | None) -> Written:
    def prepare(fd: int, tmp: str) -> bool:
        in_place = before.st_nlink > 1
        if not in_place:
            try:
                os.fchown(fd, before.st_uid, before.st_gid)
            except OSError:
                in_place = True  # the owner could not be kept: keep the inode instead
        if not in_place:
            os.fchmod(fd, stat.S_IMODE(before.st_mode))
        if not _unchanged(path, before, expected):
            raise WriteRefused(Refusal.CHANGED, path)
        if in_place:
            _overwrite(path, data, before, tmp)
            return False
        return True

    if not _rename_over(path, data, prepare):
        return Written.IN_PLACE
    _sync_directory(path)
    return Written.REPLACED


def _rename_over(
    path: Path, data: bytes | Callable[[BinaryIO], object], prepare: Callable[[int, str], bool]
) -> bool:
    """Write `data` to a temporary file beside `path`, let `prepare(fd, tmp)` set it up, then
    rename it over `path`. `prepare` returns False when it has used the temporary file
    otherwise (then only discarded); on any failure the temporary file is discarded too."""
    fd, tmp = _temporary(path, data)
    try:
        if not prepare(fd, tmp):
            _discard(fd, tmp)
            return False
        os.close(fd)
        fd = -1
        os.replace(tmp, path)
    except BaseException:
        _discard(fd, tmp)
        raise
    return True


def _overwrite(path: Path, data: bytes, before: os.stat_result, tmp: str) -> None:
    """Rewrite the target's own inode (keeping hard links and owner) with `data`, already
    durable in `tmp`; if this fails half-way, `tmp` is kept and named in the error."""
    target = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_NOCTTY)
    try:
        if not _same(os.fstat(target), before):
            raise WriteRefused(Refusal.CHANGED, path)
        try:
            view = memoryview(data)
            offset = 0
            while offset < len(view):
                offset += os.pwrite(target, view[offset:], offset)
            os.ftruncate(target, len(data))
            os.fsync(target)
        except OSError as exc:
            kept = os.path.join(os.path.dirname(tmp), "kept-" + os.path.basename(tmp)[1:])
            os.replace(tmp, kept)
            reason = exc.strerror or type(exc).__name__
            raise OSError(exc.errno, f"{reason}; the new text is kept in {kept}") from exc
    finally:
        os.close(target)
