"""An SQLite station file encrypted with SQLCipher 4: connections opened with the site's key."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import ModuleType

from station.core.passphrase import derive_key, new_salt

# The raw key of each encrypted file this process opened (never written to disk).
_KEYS: dict[str, bytes] = {}


def salt_path(database: str) -> Path:
    return Path(database + ".salt")


def unlock(database: str, passphrase: str) -> None:
    """Derive the file's key (a new salt beside a new file) and remember it for this process."""
    path = salt_path(database)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(new_salt())
    _KEYS[database] = derive_key(passphrase, path.read_bytes())


def is_encrypted(database: str) -> bool:
    return database in _KEYS


def module(database: str) -> ModuleType:
    """The DB-API module that opens this file: sqlcipher3 for an encrypted one."""
    if not is_encrypted(database):
        return sqlite3
    import sqlcipher3  # only a station that encrypts loads it

    return sqlcipher3  # type: ignore[no-any-return]  # sqlcipher3 has no types


def key_pragma(database: str) -> str | None:
    """The first statement on a new connection to an encrypted file: the raw key, so SQLCipher
    does no key derivation of its own per connection."""
    key = _KEYS.get(database)
    return f"PRAGMA key = \"x'{key.hex()}'\"" if key else None


def quiet(cursor) -> None:  # type: ignore[no-untyped-def]  # sqlite3's or sqlcipher3's
    """No SQLCipher log lines on stderr (a wrong key printed "hmac check failed" there)."""
    cursor.execute("PRAGMA cipher_log_level = NONE")


def connect(database: str, timeout: float):  # type: ignore[no-untyped-def]  # as quiet()
    """A connection of its own (the WAL checkpoint thread), keyed when the file is encrypted."""
    connection = module(database).connect(database, isolation_level=None, timeout=timeout)
    pragma = key_pragma(database)
    if pragma:
        quiet(connection)
        connection.execute(pragma)
    return connection
