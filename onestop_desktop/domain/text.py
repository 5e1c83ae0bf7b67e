"""Text folding for accent-insensitive search ("khai sinh" finds "Khai sinh", "d" finds "đ")."""

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
