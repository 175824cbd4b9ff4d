"""Turn the content model into CommonMark through the ``posting.md.j2`` template."""

from __future__ import annotations

import re

from ..content import Block, BulletList, Parts, Posting
from ..environment import MdSafe, get_environment, render_template
from ..inline import SAFE_SCHEMES

# Characters that carry inline meaning anywhere in a line (GitHub adds ~ and $).
_INLINE = re.compile(r"([\\`*_\[\]<>|~$])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_NUMBERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_SAFE = "|".join(re.escape(s) for s in SAFE_SCHEMES)
# Raw HTML in profile prose stays text; autolinks to a safe address stay links.
_PROSE_HTML = re.compile(rf"<(?!(?:{_SAFE})[^\s<>]*>)")
# A link in prose must go to a safe address (as in HTML and DOCX, see inline.py); any
# other target (javascript:, data:, a relative path) stays text. A reference definition
# ("[x]: url", only possible at the start of one line of prose) would name a target for
# the whole document, so it stays text too.
_UNSAFE_LINK = re.compile(rf"\]\((?!\s*<?(?:{_SAFE}))")
_REFERENCE = re.compile(r"^\[(?=(?:[^\]\\]|\\.)+\]:)")


def _line_start(line: str) -> str:
    m = _NUMBERED.match(line)
    if m:
        return f"{m.group(1)}\\{m.group(2)}{line[m.end():]}"
    if line and line[0] in "#>+=-":
        return "\\" + line
    return line


def escape(text: str) -> str:
    """Literal text as Markdown that renders exactly as ``text``; newlines become hard breaks."""
    lines = []
    for line in text.split("\n"):
        line = _ENTITY.sub("\\&", _INLINE.sub(r"\\\1", line))
        lines.append(_line_start(line))
    return "\\\n".join(lines)


def prose(text: str) -> str:
    """Profile prose keeps its inline Markdown; block markers and raw HTML are neutralised."""
    text = _PROSE_HTML.sub("\\<", " ".join(text.split())).replace("$", "\\$")
    text = _UNSAFE_LINK.sub("\\\\](", text)
    text = _REFERENCE.sub("\\\\[", text)
    return _line_start(text)


def _href(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def inline(parts: Parts) -> MdSafe:
    """Inline parts as Markdown."""
    out = []
    for part in parts:
        if part.kind == "prose":
            out.append(prose(part.text))
        elif part.kind == "strong":
            out.append(f"**{escape(part.text)}**")
        elif part.kind == "link":
            out.append(f"[{escape(part.text)}]({_href(part.href)})")
        else:
            out.append(escape(part.text))
    return MdSafe("".join(out))


def block(value: Block) -> MdSafe:
    """A paragraph, or a list with one ``-`` item per line."""
    if isinstance(value, BulletList):
        return MdSafe("\n".join(f"- {inline(item)}" for item in value.items))
    return inline(value.parts)


FILTERS = (("inline", inline), ("block", block))


def render(posting: Posting, options) -> bytes:
    env = get_environment(options.template_dirs, options.builtin_dir, "md", FILTERS)
    text = render_template(env, f"{options.template}.md.j2", posting=posting)
    return normalise(text).encode("utf-8")


_BLANK_LINES = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """One blank line between blocks, no trailing spaces, one final newline."""
    text = "\n".join(map(str.rstrip, text.splitlines()))
    if "\n\n\n" in text:  # a substring test is far cheaper than scanning with the regex
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip() + "\n"
