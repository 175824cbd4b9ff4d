"""Build branded Word templates: the example in examples/branded/ and the ones the tests use.

Regenerate the example from the repository root (it also renders Acme with it):

    python -m tests.branded_template

An HR team would make the same file in Word; this script is only a
reproducible way to make one here, so the example stays byte-identical.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BRANDED = REPO / "examples" / "branded"
FIXED = dt.date(2026, 1, 1)

# One paragraph per line: (style, text). {%p %} lines vanish when rendered.
LOOP = [
    ("Title", "{{ title }}"),
    (None, "{%p for s in sections %}"),
    (None, "{%p if s.heading %}"),
    ("Heading 1", "{{ s.heading }}"),
    (None, "{%p endif %}"),
    (None, "{%p for b in s.blocks %}"),
    (None, '{%p if b.kind == "list" %}'),
    (None, "{%p for item in b.items %}"),
    ("List Bullet", "{{r item }}"),
    (None, "{%p endfor %}"),
    (None, '{%p elif b.role == "meta" %}'),
    ("Subtitle", "{{r b.text }}"),
    (None, "{%p else %}"),
    ("Normal", "{{r b.text }}"),
    (None, "{%p endif %}"),
    (None, "{%p endfor %}"),
    (None, "{%p for sub in s.subsections %}"),
    ("Heading 2", "{{ sub.heading }}"),
    (None, "{%p for b in sub.blocks %}"),
    (None, '{%p if b.kind == "list" %}'),
    (None, "{%p for item in b.items %}"),
    ("List Bullet", "{{r item }}"),
    (None, "{%p endfor %}"),
    (None, "{%p else %}"),
    ("Normal", "{{r b.text }}"),
    (None, "{%p endif %}"),
    (None, "{%p endfor %}"),
    (None, "{%p endfor %}"),
    (None, "{%p endfor %}"),
    ("Closing", "We look forward to hearing from you. — The {{ company }} hiring team"),
]

# The easy path: the whole posting body in one tag.
BODY = [
    ("Title", "{{ title }}"),
    (None, "{{p body }}"),
    ("Closing", "Questions? Write to {{ apply_email }}."),
]


def build(lines: list[tuple[str | None, str]], header: str = "{{ logo }}\tCareers at {{ company }}",
          footer: str = "{{ company }} · posted {{ date }} · page ") -> bytes:
    """A .docx with its own fonts and colours, the logo in the header, page numbers below."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt, RGBColor

    from jdgen.formats.docx import package_bytes

    doc = docx.Document()
    styles = doc.styles
    teal, ink = RGBColor(0x0B, 0x5E, 0x5A), RGBColor(0x22, 0x2B, 0x33)
    styles["Normal"].font.name = "Georgia"
    styles["Normal"].font.size = Pt(10.5)
    styles["Normal"].font.color.rgb = ink
    for name, size in (("Title", 26), ("Subtitle", 12), ("Heading 1", 15), ("Heading 2", 12)):
        styles[name].font.name = "Trebuchet MS"
        styles[name].font.size = Pt(size)
        styles[name].font.color.rgb = teal
    closing = styles.add_style("Closing", WD_STYLE_TYPE.PARAGRAPH)
    closing.base_style = styles["Normal"]
    closing.font.italic = True
    closing.paragraph_format.space_before = Pt(18)

    section = doc.sections[0]
    section.left_margin = section.right_margin = Inches(0.9)
    head = section.header.paragraphs[0]
    # One right tab at the margin, instead of the Header style's centre and right tabs.
    styles["Header"].paragraph_format.tab_stops.clear_all()
    head.paragraph_format.tab_stops.add_tab_stop(Inches(6.7), WD_TAB_ALIGNMENT.RIGHT)
    head.add_run(header)
    foot = section.footer.paragraphs[0]
    foot.add_run(footer)
    page = OxmlElement("w:fldSimple")
    page.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    page.append(run)
    foot._p.append(page)

    for style, line in lines:
        doc.add_paragraph(line, style=style or "Normal")
    return package_bytes(doc, FIXED)


def main() -> None:
    from jdgen.library import Library, Root, builtin_root
    from jdgen.render import render_many

    (BRANDED / "templates").mkdir(parents=True, exist_ok=True)
    (BRANDED / "jdgen.toml").write_text("# An example library holding one branded Word template.\n")
    (BRANDED / "templates" / "posting.docx").write_bytes(build(LOOP))
    print("wrote examples/branded/templates/posting.docx")
    for name, data in branded_examples(Library([Root(BRANDED, "user"),
                                                Root(builtin_root(), "built-in")]),
                                       render_many).items():
        (BRANDED / name).write_bytes(data)
        print(f"wrote examples/branded/{name}")


def branded_examples(library, render_many) -> dict[str, bytes]:
    """Acme's senior backend posting through the example template."""
    from .regenerate_examples import DATE

    return {r.name: r.data for r in render_many(library, ["senior-backend-engineer"], ["acme"],
                                                ["docx"], date=DATE)}


if __name__ == "__main__":
    main()
