"""The reader layer: every way a path or its bytes can be unusable is one line naming the file."""

from __future__ import annotations

import errno
import os
import socket
import string
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from losshelp.errors import InputError
from losshelp.readfile import FileProblem, check_file, decode_text, read_text


def _problem(path, what="loss log", **kw) -> str:
    with pytest.raises(FileProblem) as err:
        read_text(path, what, **kw)
    message = str(err.value)
    assert "\n" not in message and isinstance(err.value, InputError)
    return message


def test_missing_and_broken_link(tmp_path):
    assert "no such file; expected a loss log" in _problem(tmp_path / "none.csv")
    (tmp_path / "link").symlink_to(tmp_path / "gone")
    assert "a symbolic link to a missing file" in _problem(tmp_path / "link")
    (tmp_path / "f").write_text("x")
    assert "a part of the path is not a folder" in _problem(tmp_path / "f" / "x.csv")


def test_directory_loop_fifo_socket_device_are_named_without_blocking(tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    os.mkfifo(tmp_path / "fifo")  # nobody writes: a blocking open would hang the test (pytest-timeout)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock"))
    start = time.perf_counter()
    assert "a directory, not a loss log" in _problem(tmp_path)
    assert "a symbolic link loop" in _problem(tmp_path / "loop")
    assert "a named pipe (FIFO)" in _problem(tmp_path / "fifo")
    assert "a socket" in _problem(tmp_path / "sock")
    for device in ("/dev/zero", "/dev/null"):
        assert "a device, not an answer file" in _problem(device, "answer file")
    assert time.perf_counter() - start < 5
    sock.close()


def test_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "secret.csv"
    path.write_text("loss\n1\n")
    real_open = os.open

    def refuse(p, *args, **kwargs):  # root reads any file, so the refusal is simulated
        if str(p) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(p, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert "permission denied; the checkpoint must be readable" in str(pytest.raises(FileProblem, check_file, path, "checkpoint").value)


def test_empty_and_too_large(tmp_path):
    (tmp_path / "e").write_bytes(b"")
    assert "the loss log is empty" in _problem(tmp_path / "e")
    assert read_text(tmp_path / "e", "YAML file", empty_ok=True) == ""
    (tmp_path / "big").write_bytes(b"x" * 2000)
    assert "larger than 1000 bytes (2000 bytes)" in _problem(tmp_path / "big", limit=1000)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


TEXT = st.text(alphabet=st.sampled_from(string.ascii_letters + string.digits + ",.:\t\n -" + "学习率损失验证训练"), min_size=1, max_size=200)


@settings(max_examples=200, deadline=None)
@given(text=TEXT, codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gbk"]))
def test_text_round_trips_through_every_supported_encoding(text, codec):
    raw = text.encode(codec)
    if codec in ("utf-16-le", "utf-16-be") and (not text.isascii() or len(text) < 2):
        return  # without a BOM only ASCII-range UTF-16 of two characters or more is recognisable
    if codec == "gbk" and _is_utf8(raw):
        return  # ASCII in GBK is plain ASCII, and a rare few short GBK strings are also valid UTF-8: UTF-8 wins
    assert decode_text(raw, "f", "loss log") == text


@pytest.mark.parametrize(
    ("raw", "seen"),
    [
        (b"PK\x03\x04rest", "a zip archive"),
        (b"\x80\x02}q\x00", "a Python pickle"),
        (b"\x93NUMPY\x01\x00", "a NumPy .npy array"),
        (b"\x00\x01\x02\x03binary\x00", "binary data"),
        (b"caf\xe9 cr\xe8me\n", "not UTF-8 text (byte 0xe9 at offset 3) and not GBK"),
        (b"\xff\xfe\x00\xd8", "starts with a UTF-16-LE mark but is not valid UTF-16-LE text"),
    ],
)
def test_bytes_that_are_not_text_are_named(raw, seen):
    with pytest.raises(FileProblem, match="expected a loss log") as err:
        decode_text(raw, "log.csv", "loss log")
    assert seen in str(err.value)


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=300))
def test_any_bytes_decode_or_give_one_line(raw):
    try:
        text = decode_text(raw, "x", "loss log")
    except FileProblem as exc:
        assert "\n" not in str(exc) and str(exc).startswith("x: ")
    else:
        assert isinstance(text, str)
