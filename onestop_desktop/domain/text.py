"""Text rules: folding for accent-insensitive search ("khai sinh" finds "Khai sinh", "d" finds
"đ"), how an error quotes a typed value, and which characters a typed text may hold."""

from __future__ import annotations

import unicodedata

# đ/Đ are letters of their own, not a d with a combining mark, so NFD does not split them.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


def fold(text: str) -> str:
    """Lowercase, drop diacritics (including đ → d) and collapse white space."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def normalise_name(text: str) -> str:
    """A person's name as stored: NFC, single spaces, each word capitalised as typed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


#: how much of a wrong value an error message quotes: enough to recognise it, never a page
EXCERPT_CHARS = 40


def _visible(text: str) -> str:
    """Control characters written as escapes (\\n, \\x00), so one cannot split a message."""
    return "".join(repr(ch)[1:-1] if unicodedata.category(ch) == "Cc" else ch for ch in text)


def excerpt(value: str, limit: int = EXCERPT_CHARS) -> str:
    """A typed value as an English error message quotes it: whole when short, else its first
    `limit` characters, "…" and its length."""
    if len(value) <= limit:
        return f"'{_visible(value)}'"
    return f"'{_visible(value[:limit])}…' ({len(value)} characters)"


def excerpt_vi(value: str, limit: int = EXCERPT_CHARS) -> str:
    """The same, as a Vietnamese message quotes it."""
    if len(value) <= limit:
        return f"“{_visible(value)}”"
    return f"“{_visible(value[:limit])}…” ({len(value)} ký tự)"


#: the control characters a multi-line text (a note, a reason) may hold: its line breaks
LINE_BREAKS = frozenset("\n\r")


def first_control_character(text: str, *, line_breaks: bool = False) -> int | None:
    """The index of the first control character in `text` (a line break counts unless
    `line_breaks` allows them), or None. Line and paragraph separators count too: they break a
    line as a newline does."""
    for index, ch in enumerate(text):
        if line_breaks and ch in LINE_BREAKS:
            continue
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            return index
    return None


def describe_character(ch: str) -> tuple[str, str]:
    """A control character named for a clerk, in Vietnamese and English."""
    if ch in "\n\r\u2028\u2029":
        return "xuống dòng", "a line break"
    if ch == "\t":
        return "tab", "a tab"
    return f"điều khiển U+{ord(ch):04X}", f"the control character U+{ord(ch):04X}"


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """An English count with its noun: "1 step", "2 steps", "1 deletion", "0 dossiers"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
