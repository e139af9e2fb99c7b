"""The auditor's page (Ctrl+8): AuditPage (page) searches, verifies and exports the trail.
Built on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.lazy import lazy_face

if TYPE_CHECKING:
    from ui.audit.page import AuditPage

_NAMES = {"AuditPage": "page"}
__all__ = ["AuditPage"]  # the names of _NAMES
__getattr__ = lazy_face(__name__, _NAMES)
