"""An SQLite station file encrypted with SQLCipher 4: connections opened with the site's key."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from types import ModuleType

from station.core.errors import OperatorError
from station.core.passphrase import derive_key, new_salt, wrong_passphrase

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


# Converting a station file in place, plain to encrypted and back (`nat-station encrypt`,
# `nat-station decrypt`). SQLCipher's sqlcipher_export copies every table, index and trigger
# into an attached file with the other key; the copy is checked, then put in the file's place.

SQLITE_HEADER = b"SQLite format 3\x00"  # the first bytes of every plain SQLite file
CHUNK = 1 << 20


def is_plain_file(database: str) -> bool:
    """A plain SQLite file begins with its header; an SQLCipher one with random bytes."""
    with open(database, "rb") as file:
        return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def convert(
    database: str, old_key: bytes | None, new_key: bytes | None, salt: bytes
) -> dict[str, int]:
    """Rewrite `database` under `new_key` (None: plain), its rows counted before and after.

    Refused, nothing changed, while another connection has the file open (a running station,
    window or command: SQLite's exclusive lock cannot be taken then). The lock is held to the
    end, so no station starts on the old file meanwhile. The old file's WAL is checkpointed,
    overwritten with zeros and removed; the copy is checked (integrity, every table's row
    count) and synced, then replaces the file in one rename; the old file's bytes are
    overwritten with zeros before they are let go. `salt` is written beside an encrypted file
    before the rename, and removed after it for a plain one."""
    import sqlcipher3

    path = Path(database)
    copy = path.with_name(path.name + ".converting")
    _remove(copy)  # a copy left by a crash is never the station's file
    source = sqlcipher3.connect(database, isolation_level=None, timeout=0)
    try:
        quiet(source)
        if old_key is not None:
            source.execute(_raw(old_key))
        counts = _hold_alone(source, sqlcipher3.OperationalError, sqlcipher3.DatabaseError)
        _drop_wal(source, path)
        version = source.execute("PRAGMA main.user_version").fetchone()[0]
        source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(copy), _hex(new_key)))
        source.execute("SELECT sqlcipher_export('converted')")
        source.execute(f"PRAGMA converted.user_version = {int(version)}")
        source.execute("DETACH DATABASE converted")
        _check_copy(sqlcipher3, copy, new_key, counts)
        if new_key is not None:
            _write_synced(salt_path(database), salt)
        old = os.open(database, os.O_RDWR)
        try:
            os.replace(copy, path)
            _sync_folder(path.parent)
            _zero(old)
        finally:
            os.close(old)
    except BaseException:
        _remove(copy)
        raise
    finally:
        source.close()
    if new_key is None:
        salt_path(database).unlink(missing_ok=True)
        _KEYS.pop(database, None)
    else:
        _KEYS[database] = new_key
    return counts


def _raw(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _hex(key: bytes | None) -> str:
    return f"x'{key.hex()}'" if key is not None else ""  # '' attaches a plain file


def _hold_alone(source, busy: type[Exception], unreadable: type[Exception]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The file's exclusive lock, kept until the connection closes, and its tables' counts."""
    source.execute("PRAGMA main.locking_mode = EXCLUSIVE")
    try:
        source.execute("BEGIN EXCLUSIVE")
        counts = _counts(source)
    except busy as error:
        if "locked" not in str(error) and "busy" not in str(error):
            raise wrong_passphrase() from None
        raise OperatorError(
            "站点数据库正在使用（录入窗口或其他命令开着它）：请先全部关闭，再转换",
            "The station file is in use (a window or another command has it open): close "
            "them all, then convert",
            code="station_running",
        ) from None
    except unreadable:
        raise wrong_passphrase() from None
    source.execute("COMMIT")
    return counts


def _counts(connection) -> dict[str, int]:  # type: ignore[no-untyped-def]
    names = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    return {n: connection.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _drop_wal(source, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Everything the WAL holds into the file, the WAL zeroed and gone; no -shm left."""
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    busy, _frames, _done = source.execute("PRAGMA main.wal_checkpoint(FULL)").fetchone()
    if busy:
        raise OperatorError(
            "无法把日志写回数据库文件：请先关闭所有使用它的程序",
            "The WAL could not be copied back into the file: close every program using it",
            code="station_running",
        )
    if wal.exists():
        descriptor = os.open(wal, os.O_RDWR)
        try:
            _zero(descriptor)
        finally:
            os.close(descriptor)
    source.execute("PRAGMA main.journal_mode = MEMORY")  # no journal file beside the copy
    _remove(wal)
    _remove(shm)


def _check_copy(module: ModuleType, copy: Path, key: bytes | None, counts: dict[str, int]) -> None:
    """The copy opens with its key, is whole, holds as many rows in every table; WAL mode."""
    connection = module.connect(str(copy), isolation_level=None)
    try:
        quiet(connection)
        if key is not None:
            connection.execute(_raw(key))
        whole = connection.execute("PRAGMA integrity_check").fetchone()[0]
        same = _counts(connection) == counts
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()
    if whole != "ok" or not same:
        raise OperatorError(
            "转换后的副本校验未通过：原文件未改动",
            "The converted copy did not check out: the original file is unchanged",
            code="convert_check",
        )
    descriptor = os.open(copy, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _zero(descriptor: int) -> None:
    """Zeros over the whole file, synced: the old bytes do not stay in it (a file system that
    writes elsewhere, an SSD's spare blocks, may still hold them: docs/audit.md)."""
    size = os.fstat(descriptor).st_size
    os.lseek(descriptor, 0, os.SEEK_SET)
    block = bytes(CHUNK)
    for start in range(0, size, CHUNK):
        os.write(descriptor, block[: min(CHUNK, size - start)])
    os.fsync(descriptor)


def _write_synced(path: Path, data: bytes) -> None:
    staged = path.with_name(path.name + ".new")
    staged.write_bytes(data)
    descriptor = os.open(staged, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(staged, path)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def key_of(database: str) -> bytes | None:
    """The key this process derived for an encrypted file (after `unlock`)."""
    return _KEYS.get(database)
