"""Class 8, reproducibility edge cases: the epoch as a date, and no host details in any format."""

from __future__ import annotations

import contextlib
import io
import re
import socket
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from jdgen import formats

from ..conftest import run
from .common import fails

FORMATS = list(formats.FORMATS)
USER = "jdgenhardeninguser"


def _metadata_text(fmt: str, data: bytes) -> str:
    """Where a document keeps facts about its making: everything, or its metadata parts."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    if data[:5] == b"%PDF-":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        xmp = reader.xmp_metadata
        return "\n".join([str(dict(reader.metadata or {})),
                          xmp.stream.get_data().decode("utf-8", "replace") if xmp else "",
                          data.decode("latin-1")])
    return data.decode("utf-8")


def _versions() -> list[str]:
    """Versions of jdgen and of the document libraries loaded to write the files."""
    names = {"jdgen": "jdgen", "weasyprint": "weasyprint", "docx": "python-docx",
             "docxtpl": "docxtpl", "pydyf": "pydyf"}
    found = []
    for module, dist in names.items():
        if module == "jdgen" or module in sys.modules:
            with contextlib.suppress(metadata.PackageNotFoundError):
                found.append(metadata.version(dist))
    return found


@pytest.mark.parametrize("fmt", FORMATS)
def test_source_date_epoch_zero(isolated: Path, monkeypatch: pytest.MonkeyPatch,
                                fmt: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    for env in ("USER", "LOGNAME", "USERNAME"):
        monkeypatch.setenv(env, USER)
    outputs = []
    for name in ("a", "b"):
        result = run("render", "senior-backend", "-c", "acme", "-f", fmt, "-o", name)
        assert result.exit_code == 0, result.stderr
        outputs.append((isolated / name).read_bytes())
    assert outputs[0] == outputs[1]
    data = outputs[0]
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert all(info.date_time >= (1980, 1, 1, 0, 0, 0) for info in z.infolist())
    text = _metadata_text(fmt, data)
    assert USER not in text
    host = socket.gethostname()
    if len(host) >= 4:
        assert host not in text
    for version in _versions():
        assert not re.search(rf"(?<![\d.]){re.escape(version)}(?![\d.])", text), version


@pytest.mark.parametrize("epoch", ["1e9", "abc", "99999999999999999999"])
def test_bad_source_date_epoch(isolated: Path, monkeypatch: pytest.MonkeyPatch,
                               epoch: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    fails(["render", "senior-backend", "-c", "acme"],
          f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time — set it to whole seconds since "
          "1970, or unset it", isolated)
