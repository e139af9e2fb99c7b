"""Identity documents, names and phone numbers: parse what the operator scans or types.

Every parser here either returns a canonical value or raises `InvalidIdentity` with a message
that says exactly what is wrong, in Chinese and English, so the table can tell the recorder
which character to look at instead of a bare "invalid".

- `documents`: the document types, their names, the parsed `Document`;
- `scan_text`: what a scanner or input method types, folded to ASCII;
- `resident_id`, `document_numbers`: document numbers, by type;
- `names`, `phones`: a person's name and phone number;
- `characters`: the character classes these share.
"""

from __future__ import annotations

from station.core.identity.document_numbers import parse_document
from station.core.identity.documents import HMT_PREFIXES, DocType, Document
from station.core.identity.names import normalise_name
from station.core.identity.phones import parse_phone
from station.core.identity.resident_id import parse_resident_id
from station.core.identity.scan_text import looks_like_resident_id, normalise_scan_text

__all__ = [
    "HMT_PREFIXES",
    "DocType",
    "Document",
    "looks_like_resident_id",
    "normalise_name",
    "normalise_scan_text",
    "parse_document",
    "parse_phone",
    "parse_resident_id",
]
