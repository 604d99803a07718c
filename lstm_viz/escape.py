"""User text is data, never markup.

Anything a user typed or put in the URL passes through one of these before it reaches
Markdown, HTML/SVG or Plotly labels, so it is shown as the literal characters (no user
text ever reaches LaTeX: the only KaTeX the app draws is fixed text).
"""

from __future__ import annotations

import html
import re
import string
import unicodedata

_MARKDOWN_SPECIAL = frozenset(string.punctuation)
WORD_JOINER = "\u2060"
# Where GitHub-flavoured Markdown would start a link of its own: a web address, a www. name, an e-mail address.
_AUTOLINK_START = re.compile(r"(?i)(?<=https)(?=://)|(?<=http)(?=://)|(?<=www)(?=\.)|(?<=@)")
VISIBLE_SPACE = "␣"
VISIBLE_NEWLINE = "↵"


def markdown(text: str) -> str:
    """Escape for Streamlit Markdown: every ASCII punctuation mark gets a backslash.

    CommonMark allows a backslash before any ASCII punctuation, so ``*``, ``[``, ``$``
    (LaTeX), ``:`` (emoji shortcodes and colour directives) and ``<`` (HTML) all lose their meaning.
    GFM's autolinks are found in the text after the escapes are read, so a bare
    ``http://…``, ``www.…`` or ``a@b.c`` would still become a link: an invisible word joiner
    after ``http``, ``www`` and ``@`` keeps them text.
    """
    text = _AUTOLINK_START.sub(WORD_JOINER, text)
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in text)


def html_text(text: str) -> str:
    """Escape for HTML, SVG and Plotly's label mini-markup (``<b>``, ``<br>``)."""
    return html.escape(text, quote=True)


def visible_char(ch: str) -> str:
    """A character as a student should see it: a space as ␣, a newline as ↵, other
    invisible characters as their code point (``U+200B``)."""
    if ch == " ":
        return VISIBLE_SPACE
    if ch == "\n":
        return VISIBLE_NEWLINE
    if len(ch) == 1 and unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp", "Zs"}:
        return f"U+{ord(ch):04X}"
    return ch
