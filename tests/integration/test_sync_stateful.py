"""Hypothesis drives two stations, their forwarders and a misbehaving network in any order:
records, forwards through cuts, stalls and lost replies, forwarders dying after the server's
commit, restarts. After every step each event a station counts as forwarded is on the server
exactly once; at the end, with the network back, every recorded event is."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from db.recording.store import Database
from db.sync import outbox
from db.sync.forwarder import Forwarder
from station.core.records import Event, EventKind, Stamp
from sync_support import ChaosProxy, init_server

pytestmark = pytest.mark.postgres

FATES = ("ok", "cut", "stall", "drop_after_commit")


class Failures:
    """What the network and the deaths did, so that the test can say they happened."""

    n = died = 0


class Died(Exception):
    """The forwarder's process ends between the server's commit and the station's mark."""


class ForwarderVsServer(RuleBasedStateMachine):
    cluster = None  # set by the test
    admin = ingest = ""
    proxy: ChaosProxy

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="sync-sm-"))
        self.databases = [
            Database(f"sqlite:///{self.folder / f's{i}.sqlite3'}", "站") for i in range(2)
        ]
        self.forwarders = [self._forwarder(i) for i in range(2)]
        self.tubes = 0

    def _forwarder(self, i: int, after_commit=None) -> Forwarder:  # type: ignore[no-untyped-def]
        return Forwarder(
            self.databases[i],
            self.proxy.url(self.ingest),
            "d1",
            str(i),
            batch_size=5,
            reply_timeout=0.5,
            after_commit=after_commit,
        )

    @rule(i=st.integers(0, 1), people=st.integers(1, 4))
    def record(self, i: int, people: int) -> None:
        self.tubes += 1
        stamp = Stamp("站", str(i), "x", "r1")
        tube = f"AB{i}{self.tubes:07d}"
        with self.databases[i].unit_of_work() as work:
            work.recording.record(Event(EventKind.TUBE_OPENED, stamp, tube=tube, data={"mode": 10}))
            work.commit()
        for _ in range(people):
            person = str(uuid.uuid4())
            with self.databases[i].unit_of_work() as work:
                work.recording.record(
                    Event(
                        EventKind.PERSON_REGISTERED,
                        stamp,
                        person_id=person,
                        data={"doc_type": "passport", "doc_number": person[:12], "new": True},
                    )
                )
                work.recording.record(
                    Event(EventKind.PERSON_ADDED, stamp, tube=tube, person_id=person)
                )
                work.commit()

    @rule(i=st.integers(0, 1), fate=st.sampled_from(FATES), seed=st.integers(0, 2**16))
    def forward(self, i: int, fate: str, seed: int) -> None:
        if not outbox.status(self.databases[i]).pending:
            self.record(i, 1)  # the table goes on scanning: there is always something to send
        self._chaos(fate, seed)
        try:
            self.forwarders[i].forward_once()
        except Exception:
            Failures.n += 1
        finally:
            self._chaos("ok", seed)

    @rule(i=st.integers(0, 1))
    def die_after_commit(self, i: int) -> None:
        def die(_answers):  # type: ignore[no-untyped-def]
            raise Died

        dying = self._forwarder(i, after_commit=die)
        try:
            dying.forward_once()
        except Died:
            Failures.died += 1
        finally:
            dying.close()

    @rule(i=st.integers(0, 1))
    def restart(self, i: int) -> None:
        self.forwarders[i].close()
        self.forwarders[i] = self._forwarder(i)

    def _chaos(self, fate: str, seed: int) -> None:
        self.proxy.random.seed(seed)
        self.proxy.set(**{f: 1.0 if f == fate else 0.0 for f in FATES[1:]})

    def _local(self, i: int) -> dict[str, str | None]:
        path = self.folder / f"s{i}.sqlite3"
        with sqlite3.connect(path) as connection:
            return dict(connection.execute("SELECT event_id, answer FROM outbox"))

    def _server(self, i: int) -> list[str]:
        station_id = outbox.station_id(self.databases[i])
        with self.cluster.connect(self.admin.rsplit("/", 1)[1]) as connection:
            return [
                r[0]
                for r in connection.execute(
                    "SELECT event_id FROM sync_events WHERE station_id = %s", (station_id,)
                )
            ]

    @invariant()
    def forwarded_means_on_the_server_once(self) -> None:
        for i in range(2):
            local, held = self._local(i), self._server(i)
            assert len(held) == len(set(held))
            assert set(held) <= set(local)
            assert {e for e, a in local.items() if a is not None} <= set(held)

    def teardown(self) -> None:
        try:
            self._chaos("ok", 0)
            for i in range(2):
                self.forwarders[i].forward_once()
                local, held = self._local(i), self._server(i)
                assert sorted(held) == sorted(local)
                assert all(a is not None for a in local.values())
        finally:
            for forwarder in self.forwarders:
                forwarder.close()
            for database in self.databases:
                database.dispose()
            shutil.rmtree(self.folder, ignore_errors=True)


def test_any_interleaving_ends_with_every_event_on_the_server_once(pg_cluster) -> None:
    admin, ingest = init_server(pg_cluster)
    proxy = ChaosProxy(pg_cluster.port, stall_s=0.8)
    ForwarderVsServer.cluster, ForwarderVsServer.admin = pg_cluster, admin
    ForwarderVsServer.ingest, ForwarderVsServer.proxy = ingest, proxy
    try:
        run_state_machine_as_test(
            ForwarderVsServer,
            settings=settings(
                max_examples=8,
                stateful_step_count=8,
                deadline=None,
                suppress_health_check=list(HealthCheck),
            ),
        )
    finally:
        proxy.close()
    assert proxy.counts["cut"] and proxy.counts["stall"] and proxy.counts["drop"]
    assert Failures.n and Failures.died
