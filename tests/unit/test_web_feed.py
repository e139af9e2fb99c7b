"""The feed renders once per change and wakes every waiting stream; nothing when unchanged."""

from __future__ import annotations

import asyncio

from web.feed import Feed


def test_one_render_per_change_reaches_every_waiting_stream() -> None:
    pages = iter(["<p>A001</p>", "<p>A002</p>", "<p>A002</p>", "<p>A003</p>"])
    renders: list[str] = []
    changes = [False, True, False, True, True]

    def render() -> str:
        renders.append(page := next(pages))
        return page

    def changed() -> bool:
        return changes.pop(0) if changes else False

    async def scenario() -> list[tuple[int, str]]:
        feed = Feed(render, changed, poll_s=0.01, refresh_s=60)
        assert (feed.version, feed.html) == (1, "<p>A001</p>")
        assert await feed.wait(0) == (1, "<p>A001</p>")  # a page behind gets it at once
        streams = [asyncio.create_task(feed.wait(1)) for _ in range(100)]
        runner = asyncio.create_task(feed.run())
        got = await asyncio.wait_for(asyncio.gather(*streams), 5)
        assert {g for g in got} == {(2, "<p>A002</p>")}
        third = await asyncio.wait_for(feed.wait(2), 5)  # an unchanged render woke nobody
        runner.cancel()
        return [third, (feed.version, feed.html)]

    assert asyncio.run(scenario()) == [(3, "<p>A003</p>"), (3, "<p>A003</p>")]
    assert len(renders) == 4  # the first page, then one render per change


def test_a_failed_read_keeps_the_last_page_and_the_feed_goes_on() -> None:
    calls = {"n": 0}

    def render() -> str:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("database away")
        return f"<p>{calls['n']}</p>"

    async def scenario() -> tuple[int, str]:
        feed = Feed(render, lambda: True, poll_s=0.01, refresh_s=60)
        runner = asyncio.create_task(feed.run())
        got = await asyncio.wait_for(feed.wait(1), 5)
        runner.cancel()
        return got

    assert asyncio.run(scenario()) == (2, "<p>3</p>")
