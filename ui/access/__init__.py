"""Who may do what, in the windows: PageGuard (gate) covers a page a role may not see;
LoginDialog and SetupDialog (dialogs) sign in and set a station up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.lazy import lazy_face

if TYPE_CHECKING:
    from ui.access.dialogs import LoginDialog, SetupDialog
    from ui.access.gate import PageGuard

_NAMES = {
    "PageGuard": "gate",
    "LoginDialog": "dialogs",
    "SetupDialog": "dialogs",
}
__all__ = ["LoginDialog", "PageGuard", "SetupDialog"]  # the names of _NAMES
__getattr__ = lazy_face(__name__, _NAMES)
