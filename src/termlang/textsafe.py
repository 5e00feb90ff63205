"""Text from a .term file made safe to show: on a terminal, in Markdown, in XML.

Strings in a .term file are the user's, and so is every name and note that reaches an output.
Three rules keep them inert, whatever the output:

* **Control characters** (C0 except tab and newline, a carriage return not followed by a
  newline, DEL, C1) never reach an output raw: a terminal would obey `ESC ] 0 ;` or `ESC [`,
  and XML (docx) cannot hold most of them. C0 and DEL become their Unicode control pictures
  (U+2400 to U+2421, as in the source snippets of diagnostics); C1, which has no pictures,
  becomes the text `\\x9b`. `show_controls` does this; every other function here calls it.
* **Markdown** (`escape_md`): the CommonMark metacharacters `` \\ ` * _ { } [ ] < > ( ) # + ! |
  ~ & `` get a backslash, and a line that would start a list item, an ordered list or a setext
  heading underline is neutralised. So no raw HTML, link, image, emphasis, heading or table
  can come from the user's text. `md_text` does the same but keeps `code` spans (termlang's
  sentences quote names between backticks) as code spans: their content is literal in
  CommonMark, newlines are folded and the fence is longer than any backtick run inside.
* **XML** (`xml_text`): control pictures as above, and the noncharacters U+FFFE/U+FFFF
  (which XML 1.0 excludes) as U+FFFD.

This module sits at the floor of `values` and `source`: the diagnostics report, the renderer
and the redline all import it downward.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["escape_md", "md_code", "md_text", "picture", "show_controls", "xml_text"]

# Everything a terminal or XML could act on, but tab, newline and CR LF.
_CONTROLS = re.compile("\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def picture(ch: str) -> str | None:
    """How one control character is shown (None for a printable one).

    C0 and DEL: their Unicode control picture (`\\x1b` is `␛`); C1: the text `\\x9b`.
    """
    o = ord(ch)
    if o < 0x20:
        return chr(0x2400 + o)
    if o == 0x7F:
        return "\u2421"
    if 0x80 <= o < 0xA0:
        return f"\\x{o:02x}"
    return None


def show_controls(text: str) -> str:
    """`text` with every control character but tab and newline shown as a picture."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda m: picture(m.group()) or "", text)


def escape_md(value: Any) -> str:
    """Backslash-escape Markdown/HTML metacharacters; leave `Markup` values alone.

    The result is CommonMark text that renders as the literal value: no HTML, link, image,
    emphasis, heading, list or table comes out of it. Control characters become pictures.
    """
    from markupsafe import Markup

    if isinstance(value, Markup):
        return show_controls(str(value))
    if value is None:
        return ""
    text = str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # a line that starts with `- `, `= ` or `1. ` would become a list item or a heading
    text = re.sub(r"(?m)^(\s*)(\d+)\.(\s|$)", r"\1\2\\.\3", text)
    text = re.sub(r"(?m)^(\s*)([-=])(\s|$)", r"\1\\\2\3", text)
    # a line of only `-` or `=` under a paragraph would make it a setext heading
    text = re.sub(r"(?m)^([ \t]*)([-=])(?=[-=]*[ \t]*$)", r"\1\\\2", text)
    return show_controls(text)


def md_code(value: Any) -> str:
    """`value` as one CommonMark code span: literal text, on one line."""
    text = show_controls(" ".join(str(value).splitlines()))
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`"):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def md_text(value: Any) -> str:
    """Like `escape_md`, but `name` spans between backticks stay code spans."""
    text = "" if value is None else str(value)
    out: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(escape_md(text[last : match.start()]))
        out.append(md_code(match.group(1)))
        last = match.end()
    out.append(escape_md(text[last:]))
    return "".join(out)


def xml_text(text: str) -> str:
    """`text` as characters XML 1.0 can hold: control pictures, U+FFFE/U+FFFF as U+FFFD."""
    text = show_controls(text)
    if "\ufffe" in text or "\uffff" in text:
        text = text.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd")
    return text
