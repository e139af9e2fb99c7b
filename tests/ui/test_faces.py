"""Each ui feature package's public face (its __init__): every name it lists comes from the
module it names, and importing the package loads none of them (tests/ui/test_cold_start.py)."""

from __future__ import annotations

import importlib

import pytest

PACKAGES = [
    "ui.recording",
    "ui.lab",
    "ui.roster",
    "ui.queue",
    "ui.access",
    "ui.training",
    "ui.audit",
]


@pytest.mark.parametrize("name", PACKAGES)
def test_every_public_name_is_the_named_modules_own(name: str) -> None:
    package = importlib.import_module(name)
    names = package._NAMES
    assert package.__all__ == sorted(names)
    for public, module in names.items():
        found = getattr(package, public)
        assert found is getattr(importlib.import_module(f"{name}.{module}"), public)
        assert found.__module__ == f"{name}.{module}", public  # defined there, not re-exported


def test_a_name_the_face_does_not_list_is_an_import_error() -> None:
    with pytest.raises(ImportError, match="Nope"):
        from ui.lab import Nope  # noqa: F401
