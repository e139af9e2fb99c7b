"""`nat-station encrypt` / `nat-station decrypt`: an existing station file converted in place to
SQLCipher and back (issue 14; db/cipher.convert does the work, docs/audit.md says how)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy.engine import make_url

from app.wiring import open_station, station_options, station_overrides
from db import cipher
from db.audit.store import SqlAuditTrail
from db.engine import normalise_url
from db.recording.store import Database
from station.access.session import Session
from station.audit.keys import StationKey
from station.audit.trail import AuditAction, AuditEntry
from station.core.errors import OperatorError
from station.core.passphrase import ENV as PASSPHRASE_ENV
from station.core.passphrase import derive_key, new_salt
from station.core.settings import data_dir, default_database_url, load_settings, save_settings


def _file(args: argparse.Namespace) -> str:
    url = normalise_url(args.db or load_settings().database_url or default_database_url())
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or not os.path.isfile(parsed.database)
    ):
        raise OperatorError(
            "只能转换已有的 SQLite 站点数据库文件",
            "Only an existing SQLite station file can be converted",
            code="convert_sqlite_only",
        )
    return parsed.database


def _new_passphrase() -> str:
    """The site passphrase of the encrypted file: NAT_STATION_PASSPHRASE, else typed twice."""
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    first = getpass.getpass("新站点口令 / new site passphrase: ")
    if first != getpass.getpass("再输一次 / again: "):
        raise OperatorError(
            "两次口令不一致", "The two passphrases differ", code="passphrase_mismatch"
        )
    return first


def _authorize(args: argparse.Namespace, encrypted: bool) -> Session:
    """Sign the operator in (converting is the admin's: settings), then let go of the file:
    converting needs it to itself."""
    station = open_station(**{**station_overrides(args), "encrypted": encrypted})
    try:
        assert station.gate.session is not None
        return station.gate.session
    finally:
        station.close()


def _done(args: argparse.Namespace, path: str, counts: dict[str, int], who: Session) -> int:
    """The act in the converted file's trail, the setting saved, the operator told."""
    encrypted = cipher.key_of(path) is not None
    settings = load_settings()
    database = Database(f"sqlite:///{path}", settings.site_name)
    trail = SqlAuditTrail(database, StationKey.load_or_create(data_dir()))
    try:
        what = "encrypt" if encrypted else "decrypt"
        rows = sum(counts.values())
        at = datetime.now(UTC)
        role = who.role.value
        trail.append(
            AuditEntry(at, who.operator_id, role, AuditAction.SETTINGS, "database_file", what, rows)
        )
        trail.close()
    finally:
        database.dispose()
    saved = save_settings(replace(load_settings(environ={}), encrypted=encrypted))
    if args.json:
        print(
            json.dumps({"file": path, "encrypted": encrypted, "rows": rows, "settings": str(saved)})
        )
    else:
        state = "已加密" if encrypted else "已解密（不再加密）"
        print(f"{path} {state}：{len(counts)} 张表 {rows} 行，核对一致；设置已更新 {saved}")
    return 0


def encrypt_file(args: argparse.Namespace) -> int:
    path = _file(args)
    if not cipher.is_plain_file(path):
        raise OperatorError(
            "该文件已经加密", "The file is encrypted already", code="already_encrypted"
        )
    who = _authorize(args, False)
    salt = new_salt()
    key = derive_key(_new_passphrase(), salt)
    return _done(args, path, cipher.convert(path, None, key, salt), who)


def decrypt_file(args: argparse.Namespace) -> int:
    path = _file(args)
    if cipher.is_plain_file(path):
        raise OperatorError("该文件没有加密", "The file is not encrypted", code="not_encrypted")
    who = _authorize(args, True)  # the passphrase asked, and checked by opening the file
    key = cipher.key_of(path)
    assert key is not None
    return _done(args, path, cipher.convert(path, key, None, b""), who)


def register(sub: argparse._SubParsersAction) -> None:
    for name, func, text in (
        (
            "encrypt",
            encrypt_file,
            "encrypt the station file in place (SQLCipher; stop the station first)",
        ),
        ("decrypt", decrypt_file, "turn an encrypted station file back into a plain one"),
    ):
        command = sub.add_parser(name, help=text)
        station_options(command)
        command.add_argument("--json", action="store_true", help="one JSON object")
        command.set_defaults(func=func)
