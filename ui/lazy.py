"""A package's public face that loads nothing until a name is used (PEP 562).

The recorder window builds each feature's page on its first key so that a start loads only
the table; a face that imported every page would undo that at the first `import ui.lab`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module


def lazy_face(package: str, names: dict[str, str]) -> Callable[[str], object]:
    """`__getattr__` for `package`: each public name of `names` comes from its module (a
    module of the package, relative), imported the first time the name is asked for."""

    def load(name: str) -> object:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{module}"), name)

    return load
