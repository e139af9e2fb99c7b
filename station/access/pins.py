"""PIN hashes: argon2id through argon2-cffi (salted, tunable, the PHC string keeps its cost)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from argon2 import PasswordHasher


class PinHasher(Protocol):
    def hash(self, pin: str) -> str: ...
    def verify(self, stored: str, pin: str) -> bool: ...


class Argon2Pins:
    """argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile: 64 MiB, t=3).

    Tests pass small costs; a hash keeps its own parameters, so either verifies. argon2 loads
    at the first PIN (a station without accounts never hashes one: its start skips it)."""

    def __init__(self, time_cost: int = 3, memory_cost: int = 65536, parallelism: int = 4) -> None:
        self._costs = (time_cost, memory_cost, parallelism)

    @cached_property
    def _hasher(self) -> PasswordHasher:
        from argon2 import PasswordHasher

        time_cost, memory_cost, parallelism = self._costs
        return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)

    def hash(self, pin: str) -> str:
        return self._hasher.hash(pin)

    def verify(self, stored: str, pin: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return self._hasher.verify(stored, pin)
        except (VerificationError, InvalidHashError):
            return False
