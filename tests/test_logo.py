"""Company logos are checked, and SVGs drawn, once per process while the file is unchanged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jdgen import logo
from jdgen.errors import SchemaError

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50">'
       '<rect width="200" height="50" fill="{}"/></svg>')


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The SVG sources drawn to PNG, in order."""
    calls: list[bytes] = []
    draw = logo._rasterise

    def counting(data: bytes) -> bytes:
        calls.append(data)
        return draw(data)

    monkeypatch.setattr(logo, "_rasterise", counting)
    logo._load_unchanged.cache_clear()
    return calls


def test_unchanged_svg_is_drawn_once(tmp_path: Path, drawn: list[bytes]) -> None:
    path = tmp_path / "brand-logo.svg"
    path.write_text(SVG.format("#AA3300"))
    first = logo.load_logo(path)
    assert logo.load_logo(path) is first and len(drawn) == 1
    assert first.ext == "png" and first.width == 600 and first.height == 150
    path.write_text(SVG.format("#0033AA"))  # same size: the modification time tells
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    second = logo.load_logo(path)
    assert len(drawn) == 2 and second.data != first.data


def test_bad_logo_fails_every_time_until_fixed(tmp_path: Path, drawn: list[bytes]) -> None:
    path = tmp_path / "brand-logo.svg"
    path.write_text("<svg xmlns='http://www.w3.org/2000/svg'><rect")
    for _ in range(2):
        with pytest.raises(SchemaError, match="logo is not an SVG image that can be drawn"):
            logo.load_logo(path)
    assert len(drawn) == 2
    path.write_text(SVG.format("#AA3300"))
    assert logo.load_logo(path).width == 600


def test_missing_logo_says_so(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="cannot read logo file: No such file"):
        logo.load_logo(tmp_path / "gone.png")


def test_logo_put_in_place_with_the_same_size_and_time_is_read_again(
        tmp_path: Path, drawn: list[bytes]) -> None:
    """A new file renamed over the logo within the same clock tick, even with the old
    modification time restored, is not the checked one."""
    path = tmp_path / "brand-logo.svg"
    path.write_text(SVG.format("#AA3300"))
    first = logo.load_logo(path)
    old = path.stat()
    new = tmp_path / "new.svg"
    new.write_text(SVG.format("#0033AA"))
    os.utime(new, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(new, path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (old.st_size, old.st_mtime_ns)
    assert logo.load_logo(path).data != first.data and len(drawn) == 2
