"""Writing files so that nothing is ever lost: a reader sees the old file or the new one.

Every command that writes (`fmt`, `render -o`, the parser-table cache) goes through
`write_atomic`: a temporary file in the target's own directory, flushed to disk, then renamed
over the target. A failure leaves the target untouched and removes the temporary file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def new_file_mode() -> int:
    """The mode a plain `open()` would give a new file under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(
    path: Path, data: bytes | Callable[[BinaryIO], object], *, mode: int | None = None
) -> None:
    """Replace `path` with `data` (bytes, or a function writing to a binary file).

    `mode` sets the permissions of the result; None keeps the temporary file's private 0600
    (right for caches, which no one else should write or read).
    """
    import tempfile

    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                data(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
