"""Open a file the user named and say in words why it cannot be used.

One place knows the ways a path goes wrong (missing, a directory, a FIFO, socket or device, a
symlink loop, no permission, empty, too large) and the ways text goes wrong (UTF-16 and GBK are
decoded; other bytes are named by what they look like). A FIFO or device is never read, so
`/dev/zero` or a pipe given as a log cannot block or fill memory.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from losshelp.errors import InputError

# Text files a person writes (answer files, knowledge-base files) are small; logs get their own limit.
MAX_TEXT_BYTES = 64 * 1024 * 1024

# Leading bytes of formats a user may give where text was expected, to name what was seen.
MAGIC = (
    (b"PK\x03\x04", "a zip archive (e.g. a PyTorch checkpoint or .npz)"),
    (b"\x93NUMPY", "a NumPy .npy array"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x89HDF", "an HDF5 file"),
    (b"\x89PNG", "a PNG image"),
    (b"\x7fELF", "an executable"),
    (b"\x80", "a Python pickle (e.g. a PyTorch checkpoint)"),
)
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


class FileProblem(InputError):
    """A file that cannot be used as what it was meant to be; `str()` is one line naming it."""


def _kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _open_error(path: Path, what: str, exc: OSError) -> FileProblem:
    if exc.errno == errno.ENOENT:
        broken = path.is_symlink()
        return FileProblem(f"{path}: no such file{' (a symbolic link to a missing file)' if broken else ''}; expected {_a(what)}")
    if exc.errno == errno.ELOOP:
        return FileProblem(f"{path}: a symbolic link loop, not {_a(what)}")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return FileProblem(f"{path}: permission denied; the {what} must be readable")
    if exc.errno == errno.ENOTDIR:
        return FileProblem(f"{path}: no such file (a part of the path is not a folder); expected {_a(what)}")
    try:
        kind = _kind_of(os.stat(path).st_mode)  # a socket cannot be opened at all (ENXIO)
    except OSError:
        kind = None
    if kind is not None:
        return FileProblem(f"{path}: {kind}, not {_a(what)}")
    if exc.errno == errno.ENAMETOOLONG:
        return FileProblem(f"{str(path)[:80]}...: the file name is too long")
    return FileProblem(f"{path}: cannot open the {what} ({exc.strerror or type(exc).__name__})")


def open_regular(path: str | Path, what: str) -> tuple[int, int]:
    """Open `path` for reading without blocking; (descriptor, size) of a regular file, else FileProblem.

    O_NONBLOCK keeps a FIFO from blocking the open; fstat after opening judges the file actually opened.
    """
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _open_error(p, what, exc) from None
    except ValueError:  # a NUL byte in the name
        raise FileProblem(f"{str(p)!r}: not a valid file name") from None
    info = os.fstat(fd)
    kind = _kind_of(info.st_mode)
    if kind is not None:
        os.close(fd)
        raise FileProblem(f"{p}: {kind}, not {_a(what)}")
    return fd, info.st_size


def check_file(path: str | Path, what: str) -> Path:
    """`path` if it is a readable, non-empty regular file; FileProblem saying why not otherwise."""
    fd, size = open_regular(path, what)
    os.close(fd)
    if size == 0:
        raise FileProblem(f"{path}: the {what} is empty")
    return Path(path)


def read_bytes(path: str | Path, what: str, limit: int = MAX_TEXT_BYTES, *, empty_ok: bool = False) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, non-empty unless `empty_ok`."""
    fd, size = open_regular(path, what)
    try:
        if size > limit:
            raise FileProblem(f"{path}: the {what} is larger than {_size(limit)} ({_size(size)})")
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(limit + 1)
    except OSError as exc:
        raise FileProblem(f"{path}: cannot read the {what} ({exc.strerror or type(exc).__name__})") from None
    finally:
        os.close(fd)
    if not raw and not empty_ok:
        raise FileProblem(f"{path}: the {what} is empty")
    if len(raw) > limit:  # the file grew while being read
        raise FileProblem(f"{path}: the {what} is larger than {_size(limit)}")
    return raw


def read_text(path: str | Path, what: str, limit: int = MAX_TEXT_BYTES, *, empty_ok: bool = False) -> str:
    """The text of a file: UTF-8 (with or without BOM), UTF-16/32 with a BOM, or GBK; FileProblem otherwise."""
    return decode_text(read_bytes(path, what, limit, empty_ok=empty_ok), path, what)


def _a(what: str) -> str:
    """`what` with its article: "a loss log", "an answer file"."""
    return f"{'an' if what[:1] in 'aeiou' else 'a'} {what}"


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MiB" if n >= 2**20 else f"{n} bytes"


def _utf16_without_bom(raw: bytes) -> str | None:
    """ASCII-range text saved as UTF-16 without a BOM has a NUL in every other byte."""
    head = raw[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros > 0.9 * (len(head) // 2) and other == 0:
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _looks_like_text(text: str) -> bool:
    """Decoded bytes that read as text: no NUL, and control characters (other than whitespace and the
    escapes of coloured terminal output) under 1% of the first 64 KiB."""
    head = text[:65536]
    return "\x00" not in head and len(_CONTROL.findall(head)) <= len(head) // 100


def decode_text(raw: bytes, path: str | Path, what: str) -> str:
    """Decode `raw` as text, or FileProblem naming what the bytes look like."""
    for bom, codec in BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode("utf-8-sig" if codec == "utf-8-sig" else codec)
            except UnicodeDecodeError:
                raise FileProblem(f"{path}: starts with a {codec.upper()} mark but is not valid {codec.upper()} text; expected {_a(what)}") from None
            return text.removeprefix("\ufeff")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_like_text(text):
        return text
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None and _looks_like_text(utf16):
        return utf16
    if text is None and b"\x00" not in raw:
        try:
            gbk = raw.decode("gbk")
        except UnicodeDecodeError:
            gbk = None
        if gbk is not None and _looks_like_text(gbk) and any("\u4e00" <= c <= "\u9fff" for c in gbk):
            return gbk
    raise FileProblem(f"{path}: {_describe_bytes(raw)}; expected {_a(what)} as text (UTF-8, UTF-16 or GBK)")


def _describe_bytes(raw: bytes) -> str:
    """What undecodable bytes look like: a known format by its first bytes, binary data, or unknown text."""
    for magic, name in MAGIC:
        if raw.startswith(magic):
            return f"{name}, not text"
    if b"\x00" in raw[:4096]:
        return "binary data, not text"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}) and not GBK either"
    return "text with control characters, likely binary data"
