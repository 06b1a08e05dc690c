"""sosreport bundles read as they are shipped: a (compressed) tarball, one host.

The bundle is read as a stream, in one pass, never extracted: only the members
bondlint reads (``sosreport.SOS_SPECS``) are kept in memory, each at most
``MAX_INPUT_BYTES`` and all of them together at most ``MAX_KEPT_BYTES``.  A hostile
or broken bundle (unsafe names, links where files belong, duplicates, lying sizes,
truncation, corrupt compression) yields diagnostics and whatever was read before the
damage, never an exception.
"""

from __future__ import annotations

import bz2
import gzip
import importlib
import io
import lzma
import os
import queue
import re
import struct
import tarfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import IO, TYPE_CHECKING, Protocol, Self

import bondlint.discovery.inputs as discovery
from bondlint.discovery.inputs import ARCHIVE_SUFFIXES, HostGroup, InputFile, display_path
from bondlint.discovery.sosreport import HOSTNAME_FILES, hostname_in, is_sos_path
from bondlint.sources.base import Diagnostic, Location

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer


# Kept bytes of one bundle, all members together; a real sosreport's share is a few MiB.
MAX_KEPT_BYTES = 256 * 1024 * 1024
# Wanted members looked at (kept or not): bounds the bookkeeping of a hostile bundle.
MAX_WANTED_MEMBERS = 10_000
# Per-member problems reported before the rest are only counted.
MAX_DIAGNOSTICS = 50
_CHUNK = 1024 * 1024
# Decompressed chunks waiting for the tar reader (bounded read-ahead).
_AHEAD = 4
# Decompression bombs: past MAX_DECOMPRESSED_FLOOR bytes, a bundle that has grown to more
# than MAX_RATIO times its compressed size is no sosreport (text and logs compress 5-50
# times); and no bundle is read for longer than MAX_BUNDLE_SECONDS. What was kept by then
# is still scanned.
MAX_RATIO = 200
MAX_DECOMPRESSED_FLOOR = 256 * 1024 * 1024
MAX_BUNDLE_SECONDS = 120
# Long names and pax records are read whole by tarfile: real ones are a few hundred bytes.
MAX_HEADER_BYTES = 1024 * 1024
_EXTENDED_HEADERS = frozenset(
    {tarfile.GNUTYPE_LONGNAME, tarfile.GNUTYPE_LONGLINK, tarfile.XHDTYPE, tarfile.XGLTYPE, tarfile.SOLARIS_XHDTYPE}
)
# A tar header up to its prefix field: name, mode, uid, gid, size, mtime, chksum, type,
# linkname, (magic, version), uname, gname, devmajor, devminor, prefix.
_HEADER = struct.Struct("100s8s8s8s12s12s8sc100s8x32s32s8s8s155s12x")
# First bytes of a base-256 number field (GNU), which tarfile decodes itself.
_BASE256 = frozenset({0o200, 0o377})
# Mode, uid, gid, size, mtime and checksum as tar writers write them (zero-padded octal,
# NUL-ended; the checksum six digits, NUL, space), and the device numbers of a non-device.
_WRITTEN = re.compile(rb"([0-7]{7})\0([0-7]{7})\0([0-7]{7})\0([0-7]{11})\0([0-7]{11})\0([0-7]{6})\0 ")
_NO_DEVICE = frozenset({bytes(16), b"0000000\0" * 2})
_OCTAL = (8,) * 6
# Besides the specs: what names the host.
_ALSO_KEPT = frozenset({"hostname", "etc/hostname", "etc/machine-id"})

# The zstandard module, or None when it is not installed (.tar.zst bundles are then not read).
zstandard: ModuleType | None
try:  # the damage a stream can show, whatever its compression
    zstandard = importlib.import_module("zstandard")

    _STREAM_ERRORS: tuple[type[BaseException], ...] = (
        tarfile.TarError,
        EOFError,
        zlib.error,
        lzma.LZMAError,
        OSError,
        zstandard.ZstdError,
    )
except ImportError:  # pragma: no cover - depends on the environment
    zstandard = None
    _STREAM_ERRORS = (tarfile.TarError, EOFError, zlib.error, lzma.LZMAError, OSError)


def wanted(relative: str) -> bool:
    """True when a member at ``relative`` (to the sosreport's root) is one bondlint reads."""
    return relative in _ALSO_KEPT or is_sos_path(relative)


def read_bundle(path: Path, real: str | None = None) -> HostGroup:
    """The host in the sosreport tarball at ``path`` (opened at ``real``, the checked
    target of a symlink, when given); problems are in ``diagnostics``.  Only a regular
    file is opened: a FIFO or a device named like a tarball is a problem, not a hang."""
    reader = _BundleReader(display_path(path))
    try:
        with _open_stream(Path(real) if real is not None else path) as tar:
            reader.read(tar)
    except _MissingModule as error:
        reader.problem(None, str(error))
    except discovery.NotRead as error:
        reader.problem(None, error.strerror or "")  # NotRead's strerror is its reason, always set
    except BundleLimit as error:
        reader.problem(None, f"after {reader.members} member(s): {error}")
    except _STREAM_ERRORS as error:
        if reader.members:
            reader.problem(
                None, f"archive damaged after {reader.members} member(s), the rest is not read: {_reason(error)}"
            )
        else:
            reader.problem(None, f"not read: not a readable tar archive: {_reason(error)}")
    return reader.group(bundle_stem(path))


class _MissingModule(Exception):
    pass


class BundleLimit(Exception):
    """A bundle past the decompression ratio or the time a bundle may take."""


# tarfile's header errors, undocumented and so absent from its type stub: the end-of-archive
# marker, a header cut short, and the error an oversized extended header is refused with.
_EOF_HEADER: type[tarfile.HeaderError] = tarfile.EOFHeaderError  # type: ignore[attr-defined]
_CUT_HEADERS: tuple[type[tarfile.HeaderError], ...] = (
    tarfile.EmptyHeaderError,  # type: ignore[attr-defined]
    tarfile.TruncatedHeaderError,  # type: ignore[attr-defined]
)
_INVALID_HEADER: type[tarfile.HeaderError] = tarfile.InvalidHeaderError  # type: ignore[attr-defined]


class _TarStream(tarfile.TarFile):
    """A tar stream that keeps why its header read ended (``_HeaderTracker`` sets it)."""

    members: list[tarfile.TarInfo]  # TarFile's list of members read, absent from its type stub
    header_error: tarfile.HeaderError | None = None


class _HeaderTracker(tarfile.TarInfo):
    """Remembers why the header read ended, on the archive: tarfile ends iteration
    silently at a truncated or invalid header, and the reader must tell it from the
    end-of-archive marker.  Refuses extended headers tarfile would read whole."""

    @classmethod
    def fromtarfile(cls, tarfile_: tarfile.TarFile) -> Self:
        try:
            return super().fromtarfile(tarfile_)
        except tarfile.HeaderError as error:
            if isinstance(tarfile_, _TarStream):
                tarfile_.header_error = error
            raise

    @classmethod
    def frombuf(cls, buf: bytes | bytearray, encoding: str, errors: str) -> Self:
        """tarfile's own header decoder, with a fast path for the common header.

        A sosreport has thousands of members and tarfile spends ~30 us decoding each
        header, as long as the decompression of the member itself.  Headers with octal
        numbers and a correct unsigned checksum (what tar, and sos, write) are decoded
        here with one struct unpack to exactly the TarInfo tarfile makes (a test
        compares the two on real and damaged headers); everything else — end blocks,
        base-256 numbers, old GNU sparse files, bad or signed checksums — goes to
        tarfile, which decides and raises as usual.
        """
        if len(buf) != tarfile.BLOCKSIZE or buf[156:157] == tarfile.GNUTYPE_SPARSE:
            return super().frombuf(buf, encoding, errors)
        name, mode, uid, gid, size, mtime, chksum, kind, linkname, uname, gname, major, minor, prefix = _HEADER.unpack(
            buf
        )
        numbers = _numbers(buf, (chksum, mode, uid, gid, size, mtime, major, minor))
        if numbers is None or numbers[0] != 256 + _unsigned_sum(buf):
            return super().frombuf(buf, encoding, errors)
        header = cls()
        (
            header.chksum,
            header.mode,
            header.uid,
            header.gid,
            header.size,
            header.mtime,
            header.devmajor,
            header.devminor,
        ) = numbers
        header.name = name.partition(b"\0")[0].decode(encoding, errors)
        header.type = kind
        header.linkname = linkname.partition(b"\0")[0].decode(encoding, errors)
        header.uname = uname.partition(b"\0")[0].decode(encoding, errors)
        header.gname = gname.partition(b"\0")[0].decode(encoding, errors)
        before = prefix.partition(b"\0")[0].decode(encoding, errors)
        if kind == tarfile.AREGTYPE and header.name.endswith("/"):  # old V7 directory
            header.type = tarfile.DIRTYPE
        if header.isdir():
            header.name = header.name.rstrip("/")
        if before and header.type not in tarfile.GNU_TYPES:  # ustar long name
            header.name = before + "/" + header.name
        return header

    def _proc_member(self, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:  # tarfile's extension point
        if self.type in _EXTENDED_HEADERS and self.size > MAX_HEADER_BYTES:
            raise _INVALID_HEADER(f"extended header of {self.size} bytes")
        if self.type == tarfile.XHDTYPE and self.size >= 0 and not tarfile_.pax_headers:
            return self._pax_member(tarfile_)
        return self._by_tarfile(tarfile_)

    def _by_tarfile(self, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:
        try:
            member: tarfile.TarInfo = super()._proc_member(tarfile_)  # type: ignore[misc]  # undocumented: not in the stub
        except OverflowError:  # tarfile's pax parsing, given a record length past 2**63
            raise _INVALID_HEADER("extended header record of impossible length") from None
        return member

    def _pax_member(self, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:
        """The member a pax extended header describes, with its records applied.

        Python's tarfile (and so sos) writes one before nearly every member, for the
        fractional mtime and the SELinux context; tarfile's own reading of it costs more
        than the member's header.  Records as writers make them (``_pax_records``) are
        applied here exactly as tarfile applies them; anything else is given back to the
        stream and read by tarfile itself."""
        stream = tarfile_.fileobj
        data = stream.read(_blocks(self.size))
        records = _pax_records(data, self.size)
        if records is None:
            tarfile_.fileobj = _Replay(data, stream)
            try:
                return self._by_tarfile(tarfile_)
            finally:
                tarfile_.fileobj = stream
        try:
            member = self.fromtarfile(tarfile_)
        except tarfile.HeaderError as error:  # what TarFile.next makes of tarfile's SubsequentHeaderError
            raise tarfile.ReadError(str(error)) from None
        for keyword, text in records.items():
            if keyword in tarfile.PAX_FIELDS:
                value: object = text.rstrip("/") if keyword == "path" else text
                if keyword in tarfile.PAX_NUMBER_FIELDS:
                    try:
                        value = tarfile.PAX_NUMBER_FIELDS[keyword](text)
                    except ValueError:
                        value = 0
                setattr(member, keyword, value)
        member.pax_headers = records
        member.offset = self.offset
        if "size" in records:  # the data ends where the record's size says
            end = member.offset_data
            if member.isreg() or member.type not in tarfile.SUPPORTED_TYPES:
                end += _blocks(member.size)
            tarfile_.offset = end
        return member


def _numbers(buf: bytes | bytearray, fields: tuple[bytes, ...]) -> list[int] | None:
    """The header's checksum, mode, uid, gid, size, mtime, devmajor and devminor (its
    ``fields``) as tarfile decodes octal numbers, or None for a base-256 number or one
    tarfile would refuse.  Most headers hold them as writers write them (``_WRITTEN``),
    one match and six ints; the rest are decoded field by field."""
    written = _WRITTEN.match(buf, 100)
    if written is not None and buf[329:345] in _NO_DEVICE:
        mode, uid, gid, size, mtime, chksum = map(int, written.groups(), _OCTAL)
        return [chksum, mode, uid, gid, size, mtime, 0, 0]
    if any(field[0] in _BASE256 for field in fields):
        return None
    try:
        return [int(field.partition(b"\0")[0].decode("ascii").strip() or "0", 8) for field in fields]
    except ValueError:
        return None


def _unsigned_sum(buf: bytes | bytearray) -> int:
    """The sum of the header's bytes but its checksum field's, as tar's checksum counts
    them: Adler-32's low half is 1 + the byte sum, exact for runs under 257 bytes (the
    three runs around the checksum field)."""
    adler32 = zlib.adler32
    return (adler32(buf[:148]) & 0xFFFF) + (adler32(buf[156:400]) & 0xFFFF) + (adler32(buf[400:]) & 0xFFFF) - 3


def _blocks(size: int) -> int:
    """``size`` rounded up to whole tar blocks."""
    return -(-size // tarfile.BLOCKSIZE) * tarfile.BLOCKSIZE


def _pax_records(data: bytes, size: int) -> dict[str, str] | None:
    """The records of a pax extended header of ``size`` bytes (``data``: its blocks), as
    tarfile decodes them, when they are what writers make: records whose length ends on
    their newline, UTF-8 keywords and values, no charset or sparse-file records.  None
    for anything else (short, malformed, hostile), which tarfile then reads itself."""
    if len(data) < size or b"hdrcharset=" in data:
        return None
    records: dict[str, str] = {}
    start = 0
    while start < size:
        space = data.find(b" ", start, start + 20)
        if space <= start or not data[start:space].isdigit():
            return None
        end = start + int(data[start:space])
        equals = data.find(b"=", space + 1, end)
        if end > size or equals <= space + 1 or data[end - 1] != 0x0A:
            return None
        try:
            keyword, value = data[space + 1 : equals].decode(), data[equals + 1 : end - 1].decode()
        except UnicodeDecodeError:
            return None
        if keyword.startswith("GNU.sparse."):
            return None
        records[keyword] = value
        start = end
    # tarfile goes on reading records past the header's size while they parse.
    return None if data[size : size + 1].isdigit() else records


class _Source(Protocol):
    """The stream a tar archive is read from, as tarfile uses it."""

    def read(self, size: int, /) -> bytes: ...
    def write(self, b: bytes, /) -> object: ...
    def tell(self) -> int: ...
    def seek(self, pos: int, /) -> object: ...
    def close(self) -> object: ...


class _Replay:
    """``stream`` with ``head``, bytes already read from it, put back in front."""

    def __init__(self, head: bytes, stream: _Source) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int, /) -> bytes:
        head, self._head = self._head[:size], self._head[size:]
        return head + self._stream.read(size - len(head)) if len(head) < size else head

    def write(self, b: bytes, /) -> object:
        return self._stream.write(b)

    def tell(self) -> int:
        return self._stream.tell() - len(self._head)

    def seek(self, pos: int, /) -> object:
        return self._stream.seek(pos)

    def close(self) -> object:
        return self._stream.close()


@contextmanager
def _open_stream(path: Path) -> Iterator[_TarStream]:
    with discovery.open_regular(path, follow=True) as raw:
        source = _decompressor(raw, zstd_by_name=path.name.lower().endswith(".tar.zst"))
        decompressed = _ReadAhead(source, compressed=source is not raw, compressed_size=os.fstat(raw.fileno()).st_size)
        try:
            with _TarStream.open(fileobj=decompressed, mode="r|", tarinfo=_HeaderTracker) as tar:
                yield tar
        finally:
            decompressed.close()


# zstd frames, and the skippable frames some writers (pzstd) put first.
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class _ByteSource(Protocol):
    """What the read-ahead thread reads from: the file itself or a decompressor over it."""

    def read(self, size: int = -1, /) -> bytes: ...


def _decompressor(raw: IO[bytes], zstd_by_name: bool) -> _ByteSource:
    """A reader of ``raw``'s decompressed bytes, the compression told by its magic bytes
    exactly as ``tarfile``'s ``r|*`` tells it (gzip, bzip2, xz and lzma-alone), zstd by
    its magic or the ``.tar.zst`` name; anything else is read as a plain tar."""
    magic = raw.peek(10)[:10] if hasattr(raw, "peek") else b""
    if magic.startswith(b"\x1f\x8b\x08"):
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if magic[0:3] == b"BZh" and magic[4:10] == b"1AY&SY":
        return bz2.BZ2File(raw, mode="rb")
    if magic.startswith((b"\x5d\x00\x00\x80", b"\xfd7zXZ")):
        return lzma.LZMAFile(raw, mode="rb")  # FORMAT_AUTO: xz and lzma-alone
    skippable = len(magic) >= 4 and magic[0] & 0xF0 == 0x50 and magic[1:4] == b"\x2a\x4d\x18"
    if zstd_by_name or magic.startswith(_ZSTD_MAGIC) or skippable:
        if zstandard is None:
            raise _MissingModule("not read: zstandard not installed (pip install zstandard) for .tar.zst bundles")
        reader: _ByteSource = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
        return reader
    return raw


class _ReadAhead(io.RawIOBase):
    """Decompresses in a background thread while the tar headers are parsed in this one.

    The decompressors release the GIL, so a bundle's two costs (decompression, tarfile's
    per-member header parsing) overlap, like ``xz -dc | tar -t``.  At most ``_AHEAD``
    chunks wait in the queue: memory stays bounded whatever the bundle's size.  The data
    ends where the decompressor stops delivering: a truncated stream ends the data
    (tarfile reports the truncation); corrupt compressed data is raised here as tarfile's
    own ``ReadError("invalid compressed data: …")``, after every byte the decompressor
    delivered before it; a read error of the file itself is raised as it is.
    """

    def __init__(self, source: _ByteSource, compressed: bool, compressed_size: int = 0) -> None:
        super().__init__()
        self._source = source
        self._compressed = compressed
        self._compressed_size = compressed_size
        self._delivered = 0
        self._started = time.monotonic()
        self._chunks: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=_AHEAD)
        self._stop = threading.Event()
        self._buffer = memoryview(b"")
        self._ended = False
        self._thread = threading.Thread(target=self._produce, name="bondlint-decompress", daemon=True)
        self._thread.start()

    def _produce(self) -> None:
        read = getattr(self._source, "read1", self._source.read)
        ended = False
        while not ended and not self._stop.is_set():
            # read1: one decompressor step at a time, so that a stream cut short or
            # corrupt still delivers every byte decompressed before the damage.
            pieces: list[bytes] = []
            size = 0
            failure: BaseException | None = None
            while size < _CHUNK:
                try:
                    piece = read(_CHUNK - size)
                except EOFError:  # compressed stream cut short: the data ends here
                    piece = b""
                except BaseException as error:
                    failure = error
                    break
                if not piece:
                    ended = True
                    break
                pieces.append(piece)
                size += len(piece)
            if pieces and not self._put(b"".join(pieces)):
                return
            if failure is not None:
                self._put(failure)
                return
        self._put(b"")

    def _put(self, item: bytes | BaseException) -> bool:
        while not self._stop.is_set():
            try:
                self._chunks.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        while not self._buffer and not self._ended:
            item = self._chunks.get()
            if isinstance(item, BaseException):
                self._ended = True
                if self._compressed and isinstance(item, _STREAM_ERRORS):
                    raise tarfile.ReadError(f"invalid compressed data: {_reason(item)}") from item
                raise item
            if not item:
                self._ended = True
            self._buffer = memoryview(item)
        with memoryview(buffer) as target:
            size = min(len(target), len(self._buffer))
            target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        self._delivered += size
        self._check_limits()
        return size

    def _check_limits(self) -> None:
        if (
            self._compressed
            and self._delivered > MAX_DECOMPRESSED_FLOOR
            and self._delivered > MAX_RATIO * max(self._compressed_size, 1)
        ):
            raise BundleLimit(
                f"decompressed to more than {MAX_RATIO} times its {self._compressed_size} bytes"
                f" ({self._delivered // (1024 * 1024)} MiB): a decompression bomb, the rest is not read"
            )
        if time.monotonic() - self._started > MAX_BUNDLE_SECONDS:
            raise BundleLimit(f"still being read after {MAX_BUNDLE_SECONDS} s: the rest is not read")

    def close(self) -> None:
        self._stop.set()
        try:  # a producer waiting for room notices the stop at once
            while True:
                self._chunks.get_nowait()
        except queue.Empty:
            pass
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            # A daemon thread: one stuck reading a hung file system is not waited for.
            self._thread.join(timeout=5)
        super().close()


class _BundleReader:
    def __init__(self, bundle: str) -> None:
        self.bundle = bundle
        self.root: str | None = None
        self.kept: dict[str, bytes] = {}  # relative path -> bytes, in archive order
        self.kept_bytes = 0
        self.members = 0
        self.sosreport = False
        self.diagnostics: list[Diagnostic] = []
        self.unreported = 0
        self.outside = 0
        self.seen: set[str] = set()  # wanted relative paths met so far
        self.full = False  # a cap was reached: nothing more is kept

    def problem(self, relative: str | None, message: str) -> None:
        if len(self.diagnostics) >= MAX_DIAGNOSTICS:
            self.unreported += 1
            return
        where = self.bundle if relative is None else self.shown(relative)
        self.diagnostics.append(Diagnostic(Location(where, 1), message))

    def shown(self, relative: str) -> str:
        return f"{self.bundle}!/{self.root}/{relative}" if relative else f"{self.bundle}!/{self.root}"

    def read(self, tar: _TarStream) -> None:
        # tar.next(), not iteration: the archive's list of members is emptied as we go,
        # or a bundle of millions of members would fill memory with them.
        while (member := tar.next()) is not None:
            tar.members.clear()
            self.members += 1
            if not self._member(tar, member):
                return
            if not self._skip_rest(tar):
                self.problem(None, f"archive truncated in member {_printable(member.name)!r}, the rest is not read")
                return
        ended = tar.header_error
        if not isinstance(ended, _EOF_HEADER) and self.members:
            why = "truncated" if isinstance(ended, _CUT_HEADERS) else "corrupt"
            detail = f": {ended}" if ended is not None and str(ended) else ""
            self.problem(None, f"archive {why} after {self.members} member(s), the rest is not read{detail}")

    def _member(self, tar: tarfile.TarFile, member: tarfile.TarInfo) -> bool:
        """Handle one member; False when the stream cannot go on."""
        relative = self._relative(member)
        if not relative or member.isdir() or not wanted(relative) or not self._admitted(relative, member):
            return True
        data = _read_member(tar, member)
        if data is None:
            self.problem(relative, "archive truncated in this member, the rest is not read")
            return False
        self.kept[relative] = data
        self.kept_bytes += len(data)
        return True

    def _relative(self, member: tarfile.TarInfo) -> str | None:
        """The member's path relative to the sosreport's folder (the first folder met;
        a sos_commands/ member makes the bundle a sosreport), or None: an unsafe name
        (reported), an empty one, or one outside that folder (counted)."""
        name = member.name if member.name.isascii() else _printable(member.name)
        parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts:
            self.problem(None, f"unsafe member name {name!r} skipped")
            return None
        if not parts:
            return None
        if self.root is None:
            if len(parts) == 1 and not member.isdir():
                self.outside += 1
                return None
            self.root = parts[0]
        if parts[0] != self.root:
            self.outside += 1
            return None
        relative = "/".join(parts[1:])
        if relative == "sos_commands" or relative.startswith("sos_commands/"):
            self.sosreport = True
        return relative

    def _admitted(self, relative: str, member: tarfile.TarInfo) -> bool:
        """Whether the wanted member at ``relative`` is read: its first copy, a regular
        file within the input limit, and the bundle's caps not reached (each refusal
        reported; a cap reached ends the keeping)."""
        if relative in self.seen:
            self.problem(relative, "appears again in the archive: the first copy is used")
            return False
        if self.full:
            return False
        if len(self.seen) >= MAX_WANTED_MEMBERS:
            self.full = True
            self.problem(None, f"more than {MAX_WANTED_MEMBERS} inputs: later members are not read")
            return False
        self.seen.add(relative)
        if not member.isreg():
            self.problem(relative, f"{_kind(member)} where a file was expected: skipped")
            return False
        if member.size > discovery.MAX_INPUT_BYTES:
            limit = discovery.MAX_INPUT_BYTES // (1024 * 1024)
            self.problem(relative, f"not read: {member.size} bytes is over the {limit} MiB input limit")
            return False
        if self.kept_bytes + member.size > MAX_KEPT_BYTES:
            self.full = True
            self.problem(None, f"more than {MAX_KEPT_BYTES // (1024 * 1024)} MiB of inputs: later members are not read")
            return False
        return True

    def _skip_rest(self, tar: tarfile.TarFile) -> bool:
        """Consume the current member's remaining data in bounded chunks; False at the
        stream's end.  (tarfile would seek there itself, but a header claiming exabytes
        would keep its seek loop spinning over an exhausted stream.)"""
        remaining = tar.offset - tar.fileobj.tell()
        while remaining > 0:
            size = min(remaining, _CHUNK)
            if len(tar.fileobj.read(size)) < size:
                return False
            remaining -= size
        return True

    def group(self, stem: str) -> HostGroup:
        if self.outside:
            self.problem(None, f"{self.outside} member(s) outside the sosreport's folder {self.root!r} ignored")
        if self.unreported:
            self.diagnostics.append(
                Diagnostic(Location(self.bundle, 1), f"{self.unreported} more problem(s) not shown")
            )
        files = tuple(
            InputFile(path=self.shown(relative), host_root=self.bundle, read=_reader(data))
            for relative, data in sorted(self.kept.items())
        )
        return HostGroup(
            name=self._host_name() or stem,
            root=self.bundle,
            files=files,
            sosreport=self.sosreport,
            diagnostics=tuple(self.diagnostics),
        )

    def _host_name(self) -> str | None:
        return next(filter(None, (hostname_in(self.kept.get(name, b"")) for name in HOSTNAME_FILES)), None)


def _read_member(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes | None:
    """The member's bytes (its size is already bounded), or None when the stream ends
    (corrupt compression raises, as everywhere in the stream)."""
    handle = tar.extractfile(member)
    if handle is None:
        return b""
    chunks: list[bytes] = []
    remaining = member.size
    while remaining > 0:
        try:
            chunk = handle.read(min(remaining, _CHUNK))
        except tarfile.ReadError as error:
            if str(error) == "unexpected end of data":  # tarfile's word for a short read
                return None
            raise
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _reader(data: bytes) -> Callable[[int | None], bytes]:
    def read(limit: int | None = None) -> bytes:
        return data if limit is None else data[:limit]

    return read


def _kind(member: tarfile.TarInfo) -> str:
    if member.issym():
        return f"symbolic link (to {_printable(member.linkname)!r})"
    if member.islnk():
        return f"hard link (to {_printable(member.linkname)!r})"
    if member.ischr() or member.isblk():
        return "device node"
    if member.isfifo():
        return "FIFO"
    return f"member of type {member.type!r}"


def _printable(name: str) -> str:
    """``name`` without the surrogates tarfile decodes undecodable bytes to."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def bundle_stem(path: Path) -> str:
    """The bundle's file name without its archive suffix: its host name until the bundle says."""
    name = path.name
    for suffix in sorted(ARCHIVE_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or name
    return name


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
