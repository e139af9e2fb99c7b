"""A throwaway PostgreSQL cluster for tests.

``start_cluster(base_dir)`` runs ``initdb`` and ``pg_ctl`` from the local
PostgreSQL server installation (Debian: ``/usr/lib/postgresql/<ver>/bin``,
installed by ``bash scripts/setup.sh --test``) and starts a private server that
listens on a free TCP port on 127.0.0.1 and on a unix socket inside
``base_dir``. It never touches a system cluster (Debian's ``main`` on 5432).

PostgreSQL refuses to run as root, so when the tests run as root the server
runs as the ``postgres`` OS user and ``base_dir`` is handed to that user; every
directory above ``base_dir`` must then be traversable by it (``/tmp`` is).

A small watchdog process (this file run as a script) stops the server and deletes
``base_dir`` if the test process dies without calling ``stop()`` (killed by a
timeout, SIGKILL, ...), so no server outlives its test run.
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

__all__ = [
    "Cluster",
    "ClusterError",
    "PostgresNotFoundError",
    "find_pg_bin_dir",
    "start_cluster",
]

SERVER_USER = "postgres"  # database superuser, and the OS user when running as root
DEFAULT_DB = "nat_station"
_NAME_RE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class ClusterError(RuntimeError):
    """The throwaway cluster could not be started or used."""


class PostgresNotFoundError(ClusterError):
    """No PostgreSQL server binaries (initdb, pg_ctl) on this machine."""


def _version_key(path: Path) -> tuple[int, ...]:
    # /usr/lib/postgresql/15/bin -> (15,); "9.6" -> (9, 6)
    return tuple(int(p) for p in re.findall(r"\d+", path.parent.name)) or (0,)


def find_pg_bin_dir() -> Path | None:
    """Directory holding ``initdb`` and ``pg_ctl``, newest version first.

    Looks at ``$NAT_STATION_PG_BIN`` (explicit override), then
    ``/usr/lib/postgresql/*/bin`` (Debian/Ubuntu), then ``PATH``.
    """

    def usable(d: Path) -> bool:
        return all(os.access(d / tool, os.X_OK) for tool in ("initdb", "pg_ctl"))

    override = os.environ.get("NAT_STATION_PG_BIN")
    if override:
        return Path(override) if usable(Path(override)) else None
    debian = sorted(
        (d for d in Path("/usr/lib/postgresql").glob("*/bin") if usable(d)),
        key=_version_key,
        reverse=True,
    )
    if debian:
        return debian[0]
    initdb = shutil.which("initdb")
    if initdb and usable(Path(initdb).parent):
        return Path(initdb).parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class Cluster:
    """A running private PostgreSQL server; see :func:`start_cluster`."""

    bin_dir: Path
    base_dir: Path
    port: int
    dbname: str = DEFAULT_DB
    host: str = "127.0.0.1"
    user: str = SERVER_USER
    _run_as: pwd.struct_passwd | None = field(default=None, repr=False)
    _running: bool = field(default=False, repr=False)
    _watchdog: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base_dir / "sock"

    @property
    def log_path(self) -> Path:
        return self.base_dir / "postgres.log"

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the database created at start-up."""
        return self.url_for(self.dbname)

    def url_for(self, dbname: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres", **kwargs: object) -> psycopg.Connection:
        """A plain psycopg connection (caller closes it)."""
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            dbname=dbname,
            connect_timeout=10,
            **kwargs,
        )

    def create_database(self, name: str) -> str:
        """CREATE DATABASE ``name`` (empty, UTF-8); returns its SQLAlchemy URL."""
        if not _NAME_RE.fullmatch(name):
            raise ValueError(f"database name must match {_NAME_RE.pattern}: {name!r}")
        with self.connect(autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """DROP DATABASE ``name``, disconnecting anyone still using it."""
        with self.connect(autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def stop(self) -> None:
        """Stop the server at once (no checkpoint) and delete ``base_dir``. Idempotent."""
        if self._running:
            self._running = False
            self._pg_ctl("stop", "-m", "immediate", check=False)
        shutil.rmtree(self.base_dir, ignore_errors=True)
        if self._watchdog is not None:
            watchdog, self._watchdog = self._watchdog, None
            watchdog.stdin.close()  # type: ignore[union-attr]  # EOF: it finds nothing to do
            watchdog.wait(timeout=30)

    # -- internals ---------------------------------------------------------

    def _run(
        self, *args: str | os.PathLike[str], check: bool = True, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C", LANG="C")
        kwargs: dict[str, object] = {}
        if self._run_as is not None:
            kwargs.update(
                user=self._run_as.pw_uid,
                group=self._run_as.pw_gid,
                extra_groups=[],
            )
            env.update(HOME=self._run_as.pw_dir, USER=self._run_as.pw_name)
        proc = subprocess.run(
            [str(a) for a in args],
            cwd=self.base_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            check=False,
            **kwargs,  # type: ignore[arg-type]
        )
        if check and proc.returncode != 0:
            cmd = shlex.join(str(a) for a in args)
            raise ClusterError(f"{cmd} failed (exit {proc.returncode}):\n{proc.stdout}")
        return proc

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self._run(self.bin_dir / "pg_ctl", "-D", self.data_dir, "-w", *args, check=check)

    def _initdb(self) -> None:
        common = [self.bin_dir / "initdb", "-D", self.data_dir, "-U", self.user]
        common += ["-A", "trust", "-E", "UTF8", "--no-sync"]
        try:
            self._run(*common, "--locale=C.UTF-8")
        except ClusterError:  # no C.UTF-8 locale on this system
            shutil.rmtree(self.data_dir, ignore_errors=True)
            self._run(*common, "--locale=C")

    def _start(self) -> None:
        opts = [
            "-k", str(self.socket_dir),
            "-p", str(self.port),
            "-c", f"listen_addresses={self.host}",
            "-c", "fsync=on",
            "-c", "wal_level=logical",  # a district server publishes to a city (docs/sync.md)
        ]  # fmt: skip
        # pg_ctl hands -o to a shell; -l keeps the server's output out of our pipe.
        self._pg_ctl("-t", "60", "-l", str(self.log_path), "-o", shlex.join(opts), "start")
        self._running = True


def _check_traversable(path: Path, account: pwd.struct_passwd) -> None:
    for parent in path.parents:
        st = parent.stat()
        if st.st_uid == account.pw_uid:
            ok = bool(st.st_mode & stat.S_IXUSR)
        elif st.st_gid == account.pw_gid:
            ok = bool(st.st_mode & stat.S_IXGRP)
        else:
            ok = bool(st.st_mode & stat.S_IXOTH)
        if not ok:
            raise ClusterError(
                f"{parent} is not traversable by the {account.pw_name!r} user, so it cannot "
                f"reach {path}; put the cluster under a world-traversable directory such as "
                f"/tmp (e.g. tempfile.mkdtemp(dir='/tmp'))"
            )


def start_cluster(
    base_dir: Path, *, dbname: str = DEFAULT_DB, bin_dir: Path | None = None
) -> Cluster:
    """Create and start a private cluster in ``base_dir`` (created if missing).

    The returned cluster already has an empty database ``dbname`` at ``.url``.
    Call ``.stop()`` when done; it is also called at interpreter exit.
    """
    bin_dir = bin_dir or find_pg_bin_dir()
    if bin_dir is None:
        raise PostgresNotFoundError(
            "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin "
            "or on PATH; install them with: bash scripts/setup.sh --test"
        )
    base_dir = Path(base_dir).resolve()
    base_dir.mkdir(parents=True, exist_ok=True)
    run_as = None
    if os.geteuid() == 0:
        try:
            run_as = pwd.getpwnam(SERVER_USER)
        except KeyError:
            raise ClusterError(
                f"running as root, but there is no {SERVER_USER!r} OS user to run the server "
                "as (PostgreSQL refuses to run as root); Debian's postgresql package creates it"
            ) from None
        _check_traversable(base_dir, run_as)
    base_dir.chmod(0o755)
    (base_dir / "sock").mkdir(exist_ok=True)
    if run_as is not None:
        for p in (base_dir, base_dir / "sock"):
            os.chown(p, run_as.pw_uid, run_as.pw_gid)

    cluster = Cluster(bin_dir=bin_dir, base_dir=base_dir, port=0, dbname=dbname, _run_as=run_as)
    cluster._watchdog = subprocess.Popen(
        [sys.executable, __file__, "--watchdog", str(bin_dir), str(base_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # survives a Ctrl-C / signal sent to our process group
    )
    atexit.register(cluster.stop)
    try:
        cluster._initdb()
        for attempt in range(3):
            cluster.port = _free_port()
            try:
                cluster._start()
                break
            except ClusterError as exc:
                log = _tail(cluster.log_path)
                if attempt < 2 and "could not bind" in log:
                    continue  # someone took the port between probing and binding it
                raise ClusterError(f"{exc}\n--- {cluster.log_path} ---\n{log}") from None
        _wait_ready(cluster)
        cluster.create_database(dbname)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _wait_ready(cluster: Cluster, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with cluster.connect() as conn:
                conn.execute("SELECT 1")
            return
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                raise ClusterError(
                    f"server on port {cluster.port} not accepting connections: {exc}\n"
                    f"--- {cluster.log_path} ---\n{_tail(cluster.log_path)}"
                ) from exc
            time.sleep(0.1)


def _watchdog_main(bin_dir: str, base_dir: str) -> None:
    """Wait until the test process closes our stdin (or dies), then clean up after it."""
    sys.stdin.buffer.read()
    base = Path(base_dir)
    run_as = pwd.getpwnam(SERVER_USER) if os.geteuid() == 0 else None
    running = (base / "data" / "postmaster.pid").exists()
    Cluster(Path(bin_dir), base, port=0, _run_as=run_as, _running=running).stop()


if __name__ == "__main__" and sys.argv[1:2] == ["--watchdog"]:
    _watchdog_main(*sys.argv[2:4])
