"""A throwaway Dovecot IMAP server on a free loopback port, with a mailbox per test.

Its own base_dir, state_dir and instance_name keep it apart from any system Dovecot; plain
IMAP (ssl = no) on 127.0.0.1 only; each user has a passwd-file of its own with a {PLAIN}
password, so each test adds a user and never sees another test's mail.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient

from tests.support.ports import free_port

MAIL_UID = 65534  # `nobody`: Dovecot refuses to run mail processes as root
_user_numbers = itertools.count(1)


@dataclass(frozen=True)
class MailUser:
    username: str
    password: str


@dataclass
class DovecotServer:
    root: Path
    port: int
    process: subprocess.Popen
    uid: int
    gid: int
    host: str = "127.0.0.1"

    @property
    def users_dir(self) -> Path:
        return self.root / "users"

    def add_user(self, password: str = "correct horse battery") -> MailUser:
        """A new, empty mailbox (Dovecot creates the Maildir on first login)."""
        user = MailUser(f"privacy{next(_user_numbers)}", password)
        home = self.root / "home" / user.username
        home.mkdir(parents=True)
        if os.geteuid() == 0:
            os.chown(home, self.uid, self.gid)
        # One passwd-file per user: a file Dovecot has never read cannot be stale in its cache.
        (self.users_dir / user.username).write_text(
            f"{user.username}:{{PLAIN}}{password}:{self.uid}:{self.gid}::{home}::\n", encoding="utf-8")
        return user

    def client(self, user: MailUser) -> IMAPClient:
        """A logged-in client of the test's own (blocking: call it outside the event loop)."""
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=30)
        client.login(user.username, user.password)
        return client

    def append(self, user: MailUser, raw: bytes, folder: str = "INBOX", flags: tuple = ()) -> None:
        with self.client(user) as client:
            client.append(folder, raw, flags=flags)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def _config(root: Path, port: int, login_user: str) -> str:
    return f"""
base_dir = {root}/run
state_dir = {root}/state
instance_name = pa-dovecot-{port}
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = {root}/dovecot.log
mail_location = maildir:~/Maildir
first_valid_uid = 1
default_login_user = {login_user}
default_internal_user = {login_user}
namespace inbox {{
  inbox = yes
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/users/%u
}}
userdb {{
  driver = passwd-file
  args = {root}/users/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def start_dovecot() -> DovecotServer:
    """Start Dovecot in the foreground; raises RuntimeError saying why when it is missing or fails."""
    binary = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
    if binary is None:
        raise RuntimeError("dovecot is not installed (apt-get install dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="pa-dovecot-"))
    # Dovecot's auth process runs as its own user and must reach the passwd-file.
    for folder in (root, *root.parents):
        if folder == Path("/"):
            break
        if os.geteuid() == 0 or folder.stat().st_uid == os.geteuid():
            folder.chmod(folder.stat().st_mode | 0o755)
    if os.geteuid() == 0:
        uid = gid = MAIL_UID
        login_user = "dovenull"
    else:  # an unprivileged Dovecot runs everything as the current user
        uid, gid = os.getuid(), os.getgid()
        login_user = pwd.getpwuid(uid).pw_name
    (root / "home").mkdir()
    (root / "users").mkdir()
    port = free_port()
    config = root / "dovecot.conf"
    config.write_text(_config(root, port, login_user), encoding="utf-8")
    process = subprocess.Popen([binary, "-F", "-c", str(config)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    server = DovecotServer(root, port, process, uid, gid)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read() if process.stderr else ""
            shutil.rmtree(root, ignore_errors=True)
            raise RuntimeError(f"dovecot exited with {process.returncode}: {error.strip()[-400:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                if sock.recv(100).startswith(b"* OK"):
                    return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("dovecot did not answer on its port within 15 s")
