"""Settings: one typed object, saved to and loaded from a TOML file, overridden by environment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station.core.errors import OperatorError
from station.core.pooling import PoolingMode
from station.core.settings import (
    BarcodePattern,
    Settings,
    config_dir,
    data_dir,
    default_database_url,
    load_settings,
    save_settings,
    settings_path,
)

CUSTOM = Settings(
    site_name='幸福里 "东门" 采样点 \\ 2',
    table="7",
    recorder="买买提·艾力",
    default_mode=20,
    tube=BarcodePattern(regex=r"SH\d{8}[A-Z]"),
    box=BarcodePattern(prefix="ZY", length=12),
    database_url="postgresql+psycopg://nat@db.example/station",
    language="en",
    round="第 3 轮",
    speech=False,
)


def test_defaults_without_a_file(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "absent.toml", environ={})
    assert loaded == Settings()
    assert loaded.pooling_mode is PoolingMode.TEN
    assert loaded.round_for(date(2022, 4, 4)) == "2022-04-04"


def test_save_then_load_gives_the_same_settings(tmp_path: Path) -> None:
    path = save_settings(CUSTOM, tmp_path / "conf" / "settings.toml")
    assert path == tmp_path / "conf" / "settings.toml"
    assert load_settings(path, environ={}) == CUSTOM
    assert not path.with_suffix(".tmp").exists()
    assert CUSTOM.round_for(date(2022, 4, 4)) == "第 3 轮"


def test_saving_twice_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    save_settings(CUSTOM, path)
    save_settings(replace(CUSTOM, table="8"), path)
    assert load_settings(path, environ={}).table == "8"


def test_the_default_paths_follow_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NAT_STATION_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NAT_STATION_DATA_DIR", str(tmp_path / "data"))
    assert config_dir() == tmp_path / "config"
    assert settings_path() == tmp_path / "config" / "settings.toml"
    assert data_dir() == tmp_path / "data"
    assert default_database_url() == f"sqlite:///{tmp_path / 'data' / 'station.sqlite3'}"
    save_settings(CUSTOM)
    assert load_settings(environ={}) == CUSTOM


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = save_settings(CUSTOM, tmp_path / "settings.toml")
    environ = {
        "NAT_STATION_DB": "sqlite:////srv/nat.sqlite3",
        "NAT_STATION_TABLE": "12",
        "NAT_STATION_TUBE_REGEX": r"\d{12}",
        "NAT_STATION_BOX_PREFIX": "BX",
        "NAT_STATION_BOX_LENGTH": "10",
        "NAT_STATION_DEFAULT_MODE": "5",
        "NAT_STATION_SPEECH": "yes",
        "NAT_STATION_LANGUAGE": "zh",
        "UNRELATED": "x",
    }
    loaded = load_settings(path, environ=environ)
    assert loaded.database_url == "sqlite:////srv/nat.sqlite3"
    assert loaded.table == "12"
    assert loaded.tube == BarcodePattern(regex=r"\d{12}")
    assert loaded.tube.matches("001234567890")
    assert loaded.box == BarcodePattern(prefix="BX", length=10)
    assert (loaded.default_mode, loaded.pooling_mode) == (5, PoolingMode.FIVE)
    assert loaded.speech is True and loaded.language == "zh"
    assert (loaded.site_name, loaded.round) == (CUSTOM.site_name, CUSTOM.round)


def test_a_tube_prefix_and_length_from_the_environment(tmp_path: Path) -> None:
    loaded = load_settings(
        tmp_path / "absent.toml",
        environ={"NAT_STATION_TUBE_PREFIX": "NJ", "NAT_STATION_TUBE_LENGTH": "12"},
    )
    assert loaded.tube == BarcodePattern(prefix="NJ", length=12)
    assert loaded.tube.matches("NJ0123456789")
    assert not loaded.tube.matches("NJ012345678")
    assert not loaded.tube.matches("0123456789")


@pytest.mark.parametrize("text", ["0", "false", "no", "off", "anything"])
def test_speech_switched_off(tmp_path: Path, text: str) -> None:
    assert load_settings(tmp_path / "x.toml", environ={"NAT_STATION_SPEECH": text}).speech is False


@pytest.mark.parametrize("mode", ["3", "0", "100"])
def test_a_bad_mode_from_the_environment_is_refused_at_start(tmp_path: Path, mode: str) -> None:
    with pytest.raises(OperatorError) as caught:
        load_settings(tmp_path / "absent.toml", environ={"NAT_STATION_DEFAULT_MODE": mode})
    assert caught.value.code == "bad_mode"


def test_a_bad_mode_in_the_file_is_refused_at_start(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("default_mode = 7\n", encoding="utf-8")
    with pytest.raises(OperatorError) as caught:
        load_settings(path, environ={})
    assert "7" in caught.value.zh and caught.value.code == "bad_mode"


@pytest.mark.parametrize(
    "text",
    ['tabel = "3"\n', '[tube]\nprefx = "NJ"\n', 'tube = "NJ"\n'],
    ids=["top-level", "in-a-pattern", "pattern-not-a-table"],
)
def test_an_unknown_or_misshapen_key_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises((ValueError, TypeError)):
        load_settings(path, environ={})


def test_an_unknown_key_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('tabel = "3"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="tabel"):
        load_settings(path, environ={})


def test_barcode_pattern_descriptions() -> None:
    rule = BarcodePattern(prefix="NJ", length=12)
    assert rule.describe() == "NJ+10 位数字"
    assert rule.describe("en") == "NJ+10 digits"
    assert BarcodePattern(regex=r"\d{10}").describe("en") == r"\d{10}"


# Text a site lead may type into a settings field: anything but surrogates, which no file holds.
FIELD_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(site=FIELD_TEXT, recorder=FIELD_TEXT, regex=FIELD_TEXT, round_=FIELD_TEXT)
def test_any_text_in_a_field_survives_the_file(
    tmp_path: Path, site: str, recorder: str, regex: str, round_: str
) -> None:
    original = replace(
        CUSTOM, site_name=site, recorder=recorder, tube=BarcodePattern(regex=regex), round=round_
    )
    path = save_settings(original, tmp_path / "settings.toml")
    assert load_settings(path, environ={}) == original
