"""The residents' status page on a real database (SQLite and PostgreSQL), over real HTTP and
in a real browser (headless Chromium): what it shows, how fast a call reaches it, and that no
personal data, masked or not, ever does."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from app.cli_web import web_app
from station.core.codes import decode_person_code
from station.core.masking import mask_document_number, mask_name, mask_phone
from station.queue.batches import parse_schedule

PEOPLE = [
    ("张三丰", "13812345678"),
    ("买买提·艾力", "13987654321"),
    ("𠇔小明", "15011112222"),
    ("李四", "18600001111"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(queue_station) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """`nat-station web` on the station's database, in a thread of this process."""
    app, close = web_app(queue_station, title="幸福里社区排队情况")
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the web server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(15)
    close()


def _batches_now_and_next(queue) -> bool:  # type: ignore[no-untyped-def]
    now = datetime.now()
    times = [(now + timedelta(minutes=m)).strftime("%H:%M") for m in (-10, 20, 50)]
    if not times[0] < times[1] < times[2]:  # near midnight: no batches today
        return False
    queue.set_schedule(
        parse_schedule(f"3栋,1-2单元,{times[0]},{times[1]}\n5栋,,{times[1]},{times[2]}\n")
    )
    return True


def _first_event(url: str) -> str:
    with httpx.Client(timeout=10) as client, client.stream("GET", url + "/events?v=0") as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        data: list[str] = []
        for line in r.iter_lines():
            if line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
            elif not line and data:
                return "\n".join(data)
    raise AssertionError("no event")


def test_the_page_shows_the_line_and_no_personal_data(queue_station, served, people) -> None:  # type: ignore[no-untyped-def]
    queue = queue_station.queue.service
    codes = [people.code(name=name, phone=phone) for name, phone in PEOPLE]
    persons = [decode_person_code(code) for code in codes]
    for person in persons[:3]:
        queue.issue("A", person, building="3栋")
    queue.issue("P", persons[3], reason="elderly")
    batches = _batches_now_and_next(queue)
    queue.call_next("2")  # P001: the priority lane first
    queue.call_next("3")
    queue.skip("3")  # A001 did not come
    time.sleep(0.5)  # the feed follows the database every 100 ms
    page = httpx.get(served + "/", timeout=10)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    html = page.text
    assert '<p class="newest missed" data-newest="A001">A001 过号</p>' in html
    assert "<li><b>P001</b> → 2 号台</li>" in html
    assert "<td>2 人</td>" in html and '<span class="status">畅通</span>' in html
    assert "请提前打开个人码，保持一米间距" in html
    if batches:
        assert "3栋 1-2单元" in html and "5栋" in html
    event = _first_event(served)
    assert "A001 过号" in event and "<b>P001</b> → 2 号台" in event
    script = httpx.get(served + "/static/live.js", timeout=10).text
    assert "EventSource" in script
    served_text = html + event + script
    secrets = []
    for code, person in zip(codes, persons, strict=True):
        number, name, phone = person.document.number, person.name, person.phone
        secrets += [
            code,
            name,
            number,
            phone,
            mask_name(name),
            mask_phone(phone),
            mask_document_number(number),
            number[-8:],
            phone[-4:],
            name[1:],
        ]
    leaked = [s for s in secrets if s and s in served_text]
    assert leaked == []


def _text(driver: webdriver.Chrome, selector: str) -> str:
    """The element's text in one step: the board is replaced whole on every update, so an
    element found first and read after may already be gone."""
    script = "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;"
    return str(driver.execute_script(script, selector))


def _chromium(profile: Path, width: int) -> webdriver.Chrome:
    for tool in ("chromium", "chromedriver"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: run bash scripts/setup.sh --test", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or ""
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        f"--window-size={width},900",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))


def _screenshot(driver: webdriver.Chrome, width: int, path: Path) -> int:
    """The whole page at `width` CSS pixels, as a phone or a desktop shows it."""
    mobile = width < 600
    metrics = {
        "width": width,
        "height": 900,
        "deviceScaleFactor": 2 if mobile else 1,
        "mobile": mobile,
    }
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": height})
    time.sleep(0.3)
    path.write_bytes(driver.get_screenshot_as_png())
    with Image.open(path) as image:
        return image.width


def test_a_call_at_a_table_appears_in_the_browser_without_a_reload(  # type: ignore[no-untyped-def]
    queue_station, served, other_table, people, tmp_path: Path
) -> None:
    queue = queue_station.queue.service
    for name, phone in PEOPLE:
        queue.issue("A", decode_person_code(people.code(name=name, phone=phone)))
    queue.issue("P")
    _batches_now_and_next(queue)
    profile = Path(tempfile.mkdtemp(prefix="nat-web-chromium-"))
    driver = _chromium(profile, 375)
    try:
        driver.get(served + "/")
        assert _text(driver, ".newest") == "尚未叫号"
        WebDriverWait(driver, 10).until(
            lambda d: (
                _text(d, "#live") == "实时更新"
                and d.execute_script("return document.readyState") == "complete"
            )
        )
        time.sleep(0.5)  # the stream is open
        driver.execute_script("window.sameDocument = 42;")
        called = other_table.call_next("2")  # another table's process, its own connection
        start = time.monotonic()
        WebDriverWait(driver, 5, poll_frequency=0.05).until(
            lambda d: _text(d, ".newest") == f"请 {called.number} 到 2 号台"
        )
        seen_after = time.monotonic() - start
        assert seen_after < 3
        assert driver.execute_script("return window.sameDocument") == 42  # not reloaded
        other_table.call_next("3")
        other_table.call_next("1")
        other_table.skip("3")
        WebDriverWait(driver, 5).until(lambda d: "过号" in _text(d, ".recent"))
        shots = Path(os.environ.get("NAT_STATION_WEB_SHOTS", tmp_path))
        phone = _screenshot(driver, 375, shots / "web_status_375.png")
        desktop = _screenshot(driver, 1440, shots / "web_status_1440.png")
        assert (phone, desktop) == (750, 1440)  # 375 CSS px at 2x, 1440 at 1x
        # Nothing wider than the phone: no sideways scrolling on 375 px.
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True},
        )
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 375
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
