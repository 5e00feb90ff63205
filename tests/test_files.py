"""`files.write_atomic`: the old file or the new one, never half, and nothing left behind."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from termlang.files import new_file_mode, write_atomic


def test_replaces_with_the_mode_asked(tmp_path: Path) -> None:
    target = tmp_path / "deal.term"
    target.write_bytes(b"old")
    write_atomic(target, b"new", mode=0o640)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["deal.term"]


def test_private_by_default_and_writer_callbacks(tmp_path: Path) -> None:
    target = tmp_path / "cache.json"
    write_atomic(target, lambda handle: handle.write(b"{}"))
    assert target.read_bytes() == b"{}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert new_file_mode() & 0o600 == 0o600


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "deal.term"
    target.write_bytes(b"old")

    def broken(handle: object) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, broken)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["deal.term"]
