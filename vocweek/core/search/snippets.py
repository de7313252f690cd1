"""Readable snippets of the original text around the matched words, escaped, with <mark>."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    # Longest first so that 太原市 is marked whole rather than as 太原 + 市.
    ordered = sorted(set(terms), key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in ordered), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """The whole text escaped, each occurrence of a term in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(escape(text))
    parts: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def snippet(text: str, terms: list[str], *, width: int = 90, before: int = 24) -> SafeString:
    """About `width` characters of the text around the first matched term, highlighted."""
    text = " ".join(text.split())
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - before) if match else 0
    end = min(len(text), start + width)
    if end == len(text):
        start = max(0, end - width)
    window = text[start:end]
    html = highlight(window, terms)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")
