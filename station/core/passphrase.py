"""The key of an encrypted station file, derived once per start from the site passphrase.

argon2id (argon2-cffi's low-level `hash_secret_raw`) over the passphrase and a random salt kept
beside the file; the key itself is never written anywhere.
"""

from __future__ import annotations

import os

from station.core.errors import OperatorError

ENV = "NAT_STATION_PASSPHRASE"
KEY_BYTES = 32
SALT_BYTES = 16
# OWASP's first argon2id choice (m=46 MiB... here 64 MiB, t=3, p=2): about 0.2 s on a laptop.
TIME_COST, MEMORY_KIB, PARALLELISM = 3, 64 * 1024, 2


def derive_key(passphrase: str, salt: bytes) -> bytes:
    if not passphrase:
        raise OperatorError("请输入站点口令", "Enter the site passphrase", code="no_passphrase")
    from argon2.low_level import Type, hash_secret_raw  # only an encrypted station loads it

    return hash_secret_raw(
        passphrase.encode("utf-8"), salt, TIME_COST, MEMORY_KIB, PARALLELISM, KEY_BYTES, Type.ID
    )


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def wrong_passphrase() -> OperatorError:
    return OperatorError(
        "站点口令不对，或这不是加密的站点数据库：数据库没有打开",
        "Wrong site passphrase, or not an encrypted station database: nothing was opened",
        code="wrong_passphrase",
    )
