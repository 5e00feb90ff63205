"""`files.write_atomic`: the old file or the new one, never half, and nothing left behind;
`files.write_file`: what sits at the target decides whether it may be replaced."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from termlang.files import (
    Refusal,
    WriteRefused,
    Written,
    new_file_mode,
    write_atomic,
    write_file,
)


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


# ------------------------------------------------------------------------ write_file


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_write_file_creates_with_the_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "new.md"
    assert write_file(target, b"text") is Written.CREATED
    assert target.read_bytes() == b"text"
    assert _mode(target) == new_file_mode()
    assert [p.name for p in tmp_path.iterdir()] == ["new.md"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604, 0o755])
def test_write_file_keeps_the_mode_never_widens_it(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "summary.md"
    target.write_bytes(b"old")
    target.chmod(mode)
    assert write_file(target, b"new") is Written.REPLACED
    assert target.read_bytes() == b"new"
    assert _mode(target) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["summary.md"]


def test_write_file_keeps_hard_links_by_writing_in_place(tmp_path: Path) -> None:
    target = tmp_path / "a.term"
    other = tmp_path / "b.term"
    target.write_bytes(b"old old old")
    os.link(target, other)
    inode = target.stat().st_ino
    assert write_file(target, b"new", expected=b"old old old") is Written.IN_PLACE
    assert other.read_bytes() == b"new"  # shorter than before: truncated
    assert target.stat().st_ino == inode and target.stat().st_nlink == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.term", "b.term"]


def test_write_file_refuses_a_symlink_unless_asked_to_follow(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to("real.md")
    with pytest.raises(WriteRefused) as refused:
        write_file(link, b"new")
    assert refused.value.reason is Refusal.SYMLINK and refused.value.code == "TL030"
    assert refused.value.detail == "real.md"
    assert link.is_symlink() and real.read_bytes() == b"old"
    assert write_file(link, b"new", follow_symlinks=True) is Written.REPLACED
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_write_file_refuses_a_symlink_loop_even_when_following(tmp_path: Path) -> None:
    loop = tmp_path / "loop.md"
    loop.symlink_to("loop.md")
    with pytest.raises(WriteRefused) as refused:
        write_file(loop, b"new", follow_symlinks=True)
    assert refused.value.reason is Refusal.SYMLINK
    assert loop.is_symlink()


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000])
def test_write_file_refuses_a_file_without_write_bits_even_for_root(
    tmp_path: Path, mode: int
) -> None:
    target = tmp_path / "ro.md"
    target.write_bytes(b"old")
    target.chmod(mode)
    with pytest.raises(WriteRefused) as refused:
        write_file(target, b"new")
    assert refused.value.reason is Refusal.READ_ONLY
    target.chmod(0o600)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["ro.md"]


def test_write_file_refuses_an_input_also_through_links(tmp_path: Path) -> None:
    source = tmp_path / "deal.term"
    source.write_bytes(b"source")
    hard = tmp_path / "hard.term"
    os.link(source, hard)
    soft = tmp_path / "soft.term"
    soft.symlink_to(source)
    for target, follow in ((source, False), (hard, False), (soft, True)):
        with pytest.raises(WriteRefused) as refused:
            write_file(target, b"summary", inputs=[source], follow_symlinks=follow)
        assert refused.value.reason is Refusal.IS_INPUT
    assert source.read_bytes() == b"source"


def test_write_file_refuses_directories_and_sockets(tmp_path: Path) -> None:
    import socket

    with pytest.raises(WriteRefused) as refused:
        write_file(tmp_path, b"x")
    assert refused.value.reason is Refusal.NOT_A_FILE and refused.value.detail == "a directory"
    sock_path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        with pytest.raises(WriteRefused) as refused:
            write_file(sock_path, b"x")
        assert refused.value.detail == "a socket"
        assert stat.S_ISSOCK(sock_path.lstat().st_mode)


def test_write_file_writes_through_a_fifo_and_a_link_to_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "out.md"
    link.symlink_to("pipe")
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so the writer's open does not wait
    try:
        assert write_file(fifo, b"one ") is Written.STREAMED
        assert write_file(link, b"two") is Written.STREAMED  # no --follow-symlinks needed
        assert os.read(reader, 100) == b"one two"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and link.is_symlink()


def test_write_file_writes_to_an_open_descriptor_path(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    try:
        assert write_file(Path(f"/dev/fd/{write_end}"), b"summary") is Written.STREAMED
        assert os.read(read_end, 100) == b"summary"
    finally:
        os.close(read_end)
        os.close(write_end)


def test_write_file_refuses_when_the_content_is_not_what_was_read(tmp_path: Path) -> None:
    target = tmp_path / "deal.term"
    target.write_bytes(b"read, then edited")
    with pytest.raises(WriteRefused) as refused:
        write_file(target, b"formatted", expected=b"read")
    assert refused.value.reason is Refusal.CHANGED
    assert target.read_bytes() == b"read, then edited"
    assert [p.name for p in tmp_path.iterdir()] == ["deal.term"]
    target.unlink()
    with pytest.raises(WriteRefused):  # removed meanwhile: not recreated
        write_file(target, b"formatted", expected=b"read")
    assert not target.exists()


def test_write_file_refuses_when_the_target_is_touched_during_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import termlang.files as files

    target = tmp_path / "summary.md"
    target.write_bytes(b"old")
    real = files._temporary

    def meanwhile(path: Path, data: bytes) -> tuple[int, str]:
        made = real(path, data)
        target.write_bytes(b"someone else's text")
        return made

    monkeypatch.setattr(files, "_temporary", meanwhile)
    with pytest.raises(WriteRefused) as refused:
        write_file(target, b"new")
    assert refused.value.reason is Refusal.CHANGED
    assert target.read_bytes() == b"someone else's text"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.md"]


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_write_file_keeps_owner_and_group_as_root(tmp_path: Path) -> None:
    target = tmp_path / "deal.term"
    target.write_bytes(b"old")
    os.chown(target, 65534, 65534)
    target.chmod(0o640)
    assert write_file(target, b"new") is Written.REPLACED
    info = target.stat()
    assert (info.st_uid, info.st_gid, _mode(target)) == (65534, 65534, 0o640)


def test_write_file_keeps_the_inode_when_the_owner_cannot_be_given_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not root, replacing a group-writable file of someone else: a new file would be ours,
    so the old one is rewritten in place instead (simulated: fchown refused)."""

    def refuse(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    target = tmp_path / "shared.term"
    target.write_bytes(b"old")
    inode = target.stat().st_ino
    monkeypatch.setattr(os, "fchown", refuse)
    assert write_file(target, b"new") is Written.IN_PLACE
    assert target.read_bytes() == b"new" and target.stat().st_ino == inode
    assert [p.name for p in tmp_path.iterdir()] == ["shared.term"]


def test_an_in_place_write_that_fails_keeps_the_new_text_beside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> int:
        raise OSError(28, "No space left on device")

    target = tmp_path / "a.term"
    target.write_bytes(b"old")
    os.link(target, tmp_path / "b.term")
    monkeypatch.setattr(os, "pwrite", full)
    with pytest.raises(OSError, match="the new text is kept in"):
        write_file(target, b"new")
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("kept-")]
    assert len(kept) == 1 and kept[0].read_bytes() == b"new"
