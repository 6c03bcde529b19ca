"""A real PostgreSQL server of the tests' own: ``initdb`` and ``pg_ctl`` in a temporary folder,
a free port, its unix socket in that folder (never the system's cluster).

``initdb`` refuses to run as root, and the tests run as root here and in CI: then the
server runs as the unprivileged ``postgres`` user (Debian's package makes it) through
``runuser``, and owns the folder. Where PostgreSQL is missing, ``start()`` raises
``PostgresMissing``; the fixture fails under CI (env ``CI`` set) and skips elsewhere.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

SEARCH = ("/usr/lib/postgresql/*/bin",)


class PostgresMissing(RuntimeError):
    pass


def find_bin() -> Path:
    for pattern in SEARCH:
        for folder in sorted(glob.glob(pattern), reverse=True):
            if os.access(os.path.join(folder, "initdb"), os.X_OK):
                return Path(folder)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise PostgresMissing("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    def __init__(self, *, fsync: bool = False) -> None:
        self.bin = find_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="jianmi-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.fsync = fsync
        self.user = "relay"
        self._as: list[str] = []
        if os.geteuid() == 0:
            if shutil.which("runuser") is None:
                raise PostgresMissing("running as root and runuser is missing")
            try:
                import pwd

                pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresMissing("running as root and there is no 'postgres' user to run the server") from None
            shutil.chown(self.folder, "postgres")
            os.chmod(self.folder, 0o755)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self._as, *args], capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> PostgresServer:
        r = self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", self.user, "-E", "UTF8",
                      "--no-sync", "--locale=C")
        if r.returncode != 0:
            raise PostgresMissing(f"initdb failed: {r.stderr.strip()[-800:]}")
        options = (f"-k {self.folder} -p {self.port} -c listen_addresses='' -c max_connections=200 "
                   f"-c shared_buffers=64MB")
        if not self.fsync:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        r = self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                      str(self.folder / "server.log"), "-w", "-t", "60", "start")
        if r.returncode != 0:
            log = (self.folder / "server.log").read_text(errors="replace")[-1500:] if (
                self.folder / "server.log").exists() else ""
            raise PostgresMissing(f"pg_ctl start failed: {r.stderr.strip()[-800:]} {log}")
        return self

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@/{dbname}?host={self.folder}&port={self.port}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = name or "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
        return self.url(name)

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
