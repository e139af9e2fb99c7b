"""What a scanner or an input method types, folded to the ASCII the parsers read."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["looks_like_resident_id", "normalise_scan_text"]

# Hyphen look-alikes that Chinese input methods and copy-paste produce in place of '-'
# (NFKC already folds the full-width U+FF0D and U+2011).
_HYPHENS = "-\u2010\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\u30fc"
# Invisible characters that scanners and copy-paste leave in a string.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SCAN_DROP = re.compile(f"[\\s{re.escape(_HYPHENS + _INVISIBLE)}]+")


def normalise_scan_text(text: str) -> str:
    """Fold full-width forms to ASCII and drop spaces and hyphens; letter case is kept."""
    # NFKC turns the full-width digits and letters that Chinese IMEs type into ASCII. It runs
    # again after the drop: NFKC of "A´" is "A", a space and a combining accent, and without
    # the space they compose to "Á", so a second reading of the result would differ.
    dropped = _SCAN_DROP.sub("", unicodedata.normalize("NFKC", text))
    return unicodedata.normalize("NFKC", dropped)


_RESIDENT_SHAPE = re.compile(r"[0-9]{17}[0-9Xx]|[0-9]{15}")


def looks_like_resident_id(text: str) -> bool:
    """Shape only: 17 digits and a digit or X, or a legacy 15-digit number."""
    return _RESIDENT_SHAPE.fullmatch(normalise_scan_text(text)) is not None
