"""The station's settings: one typed object, read from a TOML file, overridable by environment."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

import platformdirs

from station.core.errors import OperatorError
from station.core.pooling import PoolingMode

APP_NAME = "nat-station"
ENV_PREFIX = "NAT_STATION_"


@dataclass(frozen=True)
class BarcodePattern:
    """A lab's barcode rule: a regular expression, or a prefix and a total length of digits."""

    regex: str = ""
    prefix: str = ""
    length: int = 10

    def compiled(self) -> re.Pattern[str]:
        if self.regex:
            return re.compile(self.regex)
        digits = max(self.length - len(self.prefix), 1)
        return re.compile(re.escape(self.prefix) + rf"\d{{{digits}}}")

    def describe(self, language: str = "zh") -> str:
        digits = self.length - len(self.prefix)
        if self.regex:
            return self.regex
        return (
            f"{self.prefix}+{digits} digits"
            if language.startswith("en")
            else (f"{self.prefix}+{digits} 位数字")
        )

    def matches(self, text: str) -> bool:
        return self.compiled().fullmatch(text) is not None


UNSET_RECORDER = "录入员"  # what records carry when no recorder was named


@dataclass(frozen=True)
class Settings:
    site_name: str = "核酸采样点"
    table: str = "1"
    recorder: str = ""  # a station with accounts stamps the signed-in operator's name instead
    default_mode: int = int(PoolingMode.TEN)
    tube: BarcodePattern = field(default_factory=BarcodePattern)
    box: BarcodePattern = field(default_factory=lambda: BarcodePattern(prefix="BX", length=10))
    database_url: str = ""  # empty: SQLite file in the data directory
    language: str = "zh"  # zh (default) or en
    round: str = ""  # testing round (检测轮次); empty: one round per day, named by the date
    speech: bool = True
    box_capacity: int = 100  # tubes a transport box (转运箱) holds
    training: bool = False  # training mode: sandbox database, training barcodes (issue 15)

    # The site server the station forwards its events to (docs/sync.md); empty: none. The
    # station still records in its own file: this is where events go, not where they wait.
    server_url: str = ""
    district: str = "default"  # the server's partition key: the district the site is in

    idle_lock_minutes: int = 10  # lock the window after this long untouched; 0: never

    retention_days: int = 0  # personal data kept this long after a round closes; 0: no default
    encrypted: bool = False  # SQLite file through SQLCipher, key from the site passphrase

    @property
    def recorder_named(self) -> bool:
        """Whether a recorder was set, so screens never show the placeholder as a name."""
        return self.recorder.strip() not in ("", UNSET_RECORDER)

    @property
    def pooling_mode(self) -> PoolingMode:
        return PoolingMode.parse(self.default_mode)

    def round_for(self, day: date) -> str:
        return self.round or day.isoformat()


def config_dir() -> Path:
    return Path(os.environ.get(ENV_PREFIX + "CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    return Path(os.environ.get(ENV_PREFIX + "DATA_DIR") or platformdirs.user_data_dir(APP_NAME))


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'station.sqlite3'}"


def training_database_url() -> str:
    """The training sandbox: a file of its own beside the real one, never the real one."""
    return f"sqlite:///{data_dir() / 'training.sqlite3'}"


def _coerce(value: str, like: object) -> Any:  # Any: the field's type, known only at run time
    if isinstance(like, bool):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(like, int):
        return int(value)
    return value


def _from_mapping(data: dict[str, object]) -> Settings:
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}  # each value checked against its field by _checked
    for key, value in data.items():
        if key not in known:
            raise ValueError(f"unknown setting {key!r} in {settings_path()}")
        if key in ("tube", "box"):
            if not isinstance(value, dict):
                raise ValueError(f"setting {key!r} must be a table")
            values[key] = BarcodePattern(**value)
        else:
            values[key] = _checked(key, value)
    return Settings(**values)


def _checked(key: str, value: object) -> object:
    """A setting of the type its default has (`box_capacity = "=1+1"` is refused)."""
    like = getattr(Settings(), key)
    if type(value) is not type(like):
        raise ValueError(f"setting {key!r} must be a {type(like).__name__}")
    return value


class SettingsError(OperatorError, ValueError):
    """A settings file or variable the station cannot use: said in one line, exit non-zero."""


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Settings from the file (if any), then NAT_STATION_* variables over it.

    `NAT_STATION_DB` sets the database URL, `NAT_STATION_SERVER` the site server's;
    `NAT_STATION_TUBE_REGEX`, `NAT_STATION_BOX_PREFIX`
    and the like set a barcode pattern's fields; any other field by its upper-case name.
    """
    try:
        return _load(path or settings_path(), dict(os.environ) if environ is None else environ)
    except (ValueError, TypeError, tomllib.TOMLDecodeError) as error:
        # A hand-edited file with a mistake: said in one line, not a traceback.
        raise SettingsError(
            f"设置文件有误：{error}", f"Bad settings: {error}", code="bad_settings"
        ) from None


def _load(path: Path, environ: dict[str, str]) -> Settings:
    settings = Settings()
    if path.exists():
        settings = _from_mapping(tomllib.loads(path.read_text(encoding="utf-8")))
    if environ.get(ENV_PREFIX + "DB"):
        settings = replace(settings, database_url=environ[ENV_PREFIX + "DB"])
    if environ.get(ENV_PREFIX + "SERVER"):
        settings = replace(settings, server_url=environ[ENV_PREFIX + "SERVER"])
    for f in fields(Settings):
        current = getattr(settings, f.name)
        if isinstance(current, BarcodePattern):
            for sub in fields(BarcodePattern):
                key = f"{ENV_PREFIX}{f.name.upper()}_{sub.name.upper()}"
                if key in environ:
                    current = replace(
                        current, **{sub.name: _coerce(environ[key], getattr(current, sub.name))}
                    )
            pattern: dict[str, Any] = {f.name: current}  # a field named at run time
            settings = replace(settings, **pattern)
        elif ENV_PREFIX + f.name.upper() in environ:
            value = _coerce(environ[ENV_PREFIX + f.name.upper()], current)
            settings = replace(settings, **{f.name: value})
    settings.pooling_mode  # noqa: B018 - refuse a bad mode at start, not at the first tube
    return settings


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    # A TOML basic string may not hold control characters (a pasted regex or name can).
    text = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", text)
    return f'"{text}"'


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings file (flat keys, then one table per barcode pattern)."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(settings)
    lines = [f"{k} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for key, table in data.items():
        if isinstance(table, dict):
            lines += ["", f"[{key}]", *(f"{k} = {_toml_value(v)}" for k, v in table.items())]
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
