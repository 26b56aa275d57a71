"""Text cleanup: the visible text of HTML, paragraphs of PDF text, strings that can be stored (pure).

The readers hand the text they found to these functions; none of them knows
where the text came from.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

__all__ = ["clean", "clean_meta", "html_to_text", "paragraphs"]


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "head"})
    _BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
                        "article", "title", "td", "th", "blockquote", "pre"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of an HTML page (scripts, styles and markup dropped).

    Examples:
        >>> html_to_text("<p>CAR-T <b>works</b>.</p><script>alert(1)</script><p>Next &amp; last</p>")
        'CAR-T works.\\nNext & last'
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


_END = ".!?:;)]\"\u201d"


def paragraphs(text: str) -> str:
    r"""Text extracted from a PDF with its wrapped lines joined into paragraphs.

    PDF text comes one printed line at a time; every line break would end a
    sentence. A line joins the next unless a blank line follows it, or it
    ends a sentence well short of the usual line length (the last line of a
    paragraph), or it is a short line without final punctuation (a heading).
    A word hyphenated at the line end is joined when its second part is in
    lower case (``thera-`` + ``py``); other hyphens are kept (``CAR-`` + ``T``).

    Examples:
        >>> page = ("Radiotherapy can induce the abscopal effect in distant\n"
        ...         "lesions, and cancer stem cells resist thera-\n"
        ...         "py in many tumours of the brain and lung.\n"
        ...         "Methods\n"
        ...         "We treated mice with CAR-\n"
        ...         "T cells.")
        >>> print(paragraphs(page))
        Radiotherapy can induce the abscopal effect in distant lesions, and cancer stem cells resist therapy in many tumours of the brain and lung.
        Methods
        We treated mice with CAR-T cells.
    """
    lines = [line.strip() for line in text.splitlines()]
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    usual = lengths[int(len(lengths) * 0.75)] if lengths else 80
    out: list[str] = []
    current = ""
    for index, line in enumerate(lines):
        if not line:
            if current:
                out.append(current)
                current = ""
            continue
        if not current:
            current = line
        elif current.endswith("-") and len(current) > 1 and current[-2].isalpha() and line[:1].islower():
            current = current[:-1] + line  # a word hyphenated at the line end
        elif current.endswith("-") and len(current) > 1 and current[-2].isalnum():
            current = current + line  # a real hyphen at the line end: CAR-T
        else:
            current = f"{current} {line}"
        following = lines[index + 1] if index + 1 < len(lines) else ""
        short = len(line) < usual * 0.8
        heading = short and not line.endswith((",", "-")) and (
            not following or following[:1].isupper() or following[:1].isdigit())
        last_line = short and line.endswith(tuple(_END))
        if heading or last_line:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return "\n".join(out)


def clean(text: str) -> str:
    r"""``text`` with lone surrogates (from JSON escapes like ``\ud800``) replaced, so it can be stored,
    and letters written as escapes left in it by an export (``HIF-1\u03b1``) written as letters.

    Examples:
        >>> clean("CSCs \ud800resist"), clean("café"), clean("HIF-1\\u03b1 and C:\\u0000")
        ('CSCs ?resist', 'café', 'HIF-1α and C:\\u0000')
    """
    if "\\u" in text:
        text = _ESCAPED_LETTER_RE.sub(_letter, text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


_ESCAPED_LETTER_RE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _letter(m: re.Match[str]) -> str:
    char = chr(int(m.group(1), 16))
    return char if char.isalpha() or char in "\u00b1\u00b5\u00b0\u2212" else m.group()


def clean_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Metadata whose strings can all be stored (see :func:`clean`)."""
    return {key: [clean(v) for v in value] if isinstance(value, list) else
            clean(value) if isinstance(value, str) else value for key, value in meta.items()}
