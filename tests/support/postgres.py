"""A throwaway PostgreSQL cluster on a free loopback port (initdb + pg_ctl, as the postgres user)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.ports import free_port


def find_pg_bin() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    found = candidates[0] if candidates else shutil.which("initdb")
    return Path(found).parent if found else None


@dataclass
class PostgresCluster:
    bin_dir: Path
    data_dir: Path
    socket_dir: Path
    port: int
    user: str = "postgres"
    options: str = ""  # the server options it was started with, for `resume`

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+asyncpg://{self.user}@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str) -> None:
        self._run([str(self.bin_dir / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user,
                   "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql])

    def create_database(self, name: str) -> str:
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "stop"],
                  check=False)
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)

    def pause(self) -> None:
        """Stop the server, keeping its data (a database outage); `resume` starts it again."""
        self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])

    def resume(self) -> None:
        self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-o", self.options, "-w",
                   "-l", str(self.data_dir.parent / "server.log"), "start"])

    def _run(self, command: list[str], check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(command, check=check, capture_output=True, text=True, preexec_fn=_as_postgres())


def _as_postgres():
    if os.geteuid() != 0:
        return None
    entry = pwd.getpwnam("postgres")

    def demote() -> None:
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)

    return demote


def start_cluster() -> PostgresCluster:
    """Start a cluster; raises RuntimeError saying why when PostgreSQL is missing or fails."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server binaries not installed (apt-get install postgresql)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise RuntimeError("running as root but there is no 'postgres' user to run the server") from None
    root = Path(tempfile.mkdtemp(prefix="pa-pg-"))
    data_dir, socket_dir = root / "data", root / "sock"
    socket_dir.mkdir()
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        for path in (root, socket_dir):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    port = free_port()
    options = (f"-p {port} -k {socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
    cluster = PostgresCluster(bin_dir, data_dir, socket_dir, port, options=options)
    init = cluster._run([str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres", "--auth=trust",
                         "-E", "UTF8", "--locale=C"], check=False)
    if init.returncode:
        raise RuntimeError(f"initdb failed: {init.stderr.strip()[-300:]}")
    started = cluster._run([str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-o", options, "-w",
                            "-l", str(root / "server.log"), "start"], check=False)
    if started.returncode:
        log = (root / "server.log").read_text(errors="replace")[-500:] if (root / "server.log").exists() else ""
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr.strip()[-300:]} {log}")
    return cluster
