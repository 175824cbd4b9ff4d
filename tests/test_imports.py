"""What a Markdown render imports: never the PDF or DOCX stacks, nor the package metadata."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import DATE

HEAVY = ("weasyprint", "docx", "docxtpl", "PIL", "cairosvg", "lxml", "rich",
         "importlib.metadata",
         # a library without jdgen.toml needs no TOML parser
         "tomllib")

SCRIPT = """
import json, sys
from jdgen.cli import cli
try:
    cli.main(["render", "senior-backend", "--company", "Acme", "--format", "md", "-o", "-",
              "--date", DATE], prog_name="jdgen")
except SystemExit as e:
    assert not e.code, e.code
sys.stderr.write(json.dumps(sorted(sys.modules)))
""".replace("DATE", repr(DATE))


def test_markdown_render_leaves_heavy_modules_out() -> None:
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         check=True)
    assert run.stdout.startswith("# Senior Backend Engineer")
    loaded = set(json.loads(run.stderr))
    assert "jdgen.formats.markdown" in loaded  # the probe sees what the render imported
    for name in HEAVY:
        assert name not in loaded, name
        assert not any(m.startswith(name + ".") for m in loaded), name


def test_public_api_is_imported_on_first_use() -> None:
    code = ("import sys, jdgen; assert 'jdgen.render' not in sys.modules; "
            "print(jdgen.render.__name__, jdgen.Library.__name__, "
            "sys.modules['jdgen.render'].render is jdgen.render)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out == "render Library True\n"
