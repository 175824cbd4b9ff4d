"""Turn a python-docx document into .docx bytes: parts deflated once, fixed entry times and order.

python-docx's ``save()`` stamps each zip entry with the current time, so jdgen
zips the parts itself. The zip is what ``zipfile`` writes for the same entries
(tests/test_docx.py checks both byte for byte), with one difference in how
it is made: a large part that repeats from posting to posting (the default
template's 430 KB ``stylesWithEffects.xml``, a company's styles and logo) is
deflated once per process, not once per posting.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib

_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # zipfile's structCentralDir
_END = struct.Struct("<4s4H2LH")  # zipfile's structEndArchive
_VERSION = 20  # the zip version deflate needs, as zipfile writes it
_DEFLATED = 8
_UNIX, _MODE = 3, 0o644 << 16  # made on Unix, rw-r--r--
_UTF8_NAME = 0x800
LEVEL = 6

CACHE_MIN = 4096  # smaller parts deflate faster than a look-up
CACHE_BYTES = 8 * 2**20  # of cached parts in one process, oldest dropped first
_cache: dict[bytes, tuple[int, bytes]] = {}


def package_bytes(doc, date: dt.date) -> bytes:
    """A python-docx document as .docx bytes: what ``doc.save()`` writes, zipped by jdgen.

    The parts are collected by python-docx's own package writer, given a
    stand-in for its zip file; tests/test_docx.py checks the result against
    ``save()``, so a python-docx upgrade that changes these internals fails there.
    """
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    entries = _Entries()
    PackageWriter._write_content_types_stream(entries, parts)
    PackageWriter._write_pkg_rels(entries, package.rels)
    PackageWriter._write_parts(entries, parts)
    return zip_entries(entries.blobs, date)


class _Entries:
    """Stands in for python-docx's zip writer: keeps each member's bytes by name."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def write(self, pack_uri, blob: bytes) -> None:
        self.blobs[pack_uri.membername] = blob


def zip_entries(blobs: dict[str, bytes], date: dt.date) -> bytes:
    """A zip of ``blobs`` (member name -> bytes), deflated, with fixed times, attributes, order.

    ``[Content_Types].xml`` comes first, as Office writes it, then the rest by
    name. Zip dates start in 1980 and end in 2107, so the posting date is
    clamped to that range (``SOURCE_DATE_EPOCH=0`` gives 1980-01-01). No zip64:
    a posting's parts are megabytes, far from the 4 GiB it would need.
    """
    year, month, day = min(max((date.year, date.month, date.day), (1980, 1, 1)), (2107, 12, 31))
    dos_date = (year - 1980) << 9 | month << 5 | day
    files, directory = bytearray(), bytearray()
    names = sorted(blobs, key=lambda n: (n != "[Content_Types].xml", n))
    for name in names:
        data = blobs[name]
        crc, packed = deflated(data)
        raw, flags = (name.encode("ascii"), 0) if name.isascii() else (name.encode(), _UTF8_NAME)
        offset = len(files)
        files += _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, _DEFLATED, 0, dos_date, crc,
                             len(packed), len(data), len(raw), 0)
        files += raw
        files += packed
        directory += _CENTRAL.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, flags, _DEFLATED,
                                   0, dos_date, crc, len(packed), len(data), len(raw), 0, 0, 0,
                                   0, _MODE, offset)
        directory += raw
    end = _END.pack(b"PK\x05\x06", 0, 0, len(names), len(names), len(directory), len(files), 0)
    return bytes(files + directory + end)


def deflated(data: bytes) -> tuple[int, bytes]:
    """CRC-32 and raw deflate stream of ``data``, as zipfile makes them; large ones cached."""
    if len(data) >= CACHE_MIN:
        hit = _cache.get(data)
        if hit is not None:
            return hit
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    result = zlib.crc32(data), packer.compress(data) + packer.flush()
    if CACHE_MIN <= len(data) <= CACHE_BYTES:
        _cache[data] = result
        total = sum(map(len, _cache))
        while total > CACHE_BYTES:
            oldest = next(iter(_cache))
            total -= len(oldest)
            _cache.pop(oldest, None)
    return result
