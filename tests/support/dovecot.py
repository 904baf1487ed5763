"""A throwaway Dovecot IMAP server on free loopback ports, with a mailbox per test.

Its own base_dir, state_dir and instance_name keep it apart from any system Dovecot; 127.0.0.1
only. Plain IMAP (which offers STARTTLS) and implicit TLS (imaps) with a self-signed certificate
made for this run by `openssl` (the private key lives in the temp dir, never in the repository).
Each user has a passwd-file of its own with a {PLAIN} password, so each test adds a user and
never sees another test's mail. XOAUTH2 logins are checked by Dovecot's oauth2 passdb, which
validates HS256 JWTs locally against a key made for this run (`token_for` signs one).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
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
    tls_port: int
    process: subprocess.Popen
    uid: int
    gid: int
    host: str = "127.0.0.1"

    @property
    def ca_file(self) -> Path:
        """The self-signed certificate the server presents (its own CA)."""
        return self.root / "tls" / "cert.pem"

    def token_for(self, user: MailUser, *, expires_in: float = 600, now: float | None = None) -> str:
        """An OAuth 2.0 access token (a JWT, HS256) the server accepts for `user` until it expires."""
        issued = int(time.time() if now is None else now)
        claims = {"sub": user.username, "iat": issued, "nbf": issued - 5, "exp": int(issued + expires_in)}
        header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        payload = _b64url(json.dumps(claims).encode())
        signature = hmac.new(self._jwt_key(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
        return f"{header}.{payload}.{_b64url(signature)}"

    def _jwt_key(self) -> bytes:
        return base64.b64decode((self.root / "oauth2-keys" / "default" / "HS256" / "default").read_text())

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

    def append_many(self, user: MailUser, messages: list[bytes], folder: str = "INBOX") -> None:
        """Many messages over one connection (a backlog, as a migration or an outage leaves)."""
        with self.client(user) as client:
            for raw in messages:
                client.append(folder, raw)

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


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_certificate(folder: Path, common_name: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key (openssl, P-256: fast)."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    if shutil.which("openssl") is None:
        raise RuntimeError("openssl is not installed (apt-get install openssl): no certificate for TLS tests")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", f"/CN={common_name}",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


def _oauth2_key(root: Path) -> Path:
    """Dovecot's local JWT validation reads the HS256 key (base64) from <prefix>/<azp>/<alg>/<kid>."""
    folder = root / "oauth2-keys" / "default" / "HS256"
    folder.mkdir(parents=True)
    (folder / "default").write_text(base64.b64encode(os.urandom(32)).decode())
    for path in (folder, folder.parent, folder.parent.parent):
        path.chmod(0o755)
    conf = root / "oauth2.conf.ext"
    conf.write_text(f"introspection_mode = local\nlocal_validation_key_dict = fs:posix:prefix={root}/oauth2-keys/\n"
                    "username_attribute = sub\n")
    return conf


def _config(root: Path, port: int, tls_port: int, login_user: str) -> str:
    return f"""
base_dir = {root}/run
state_dir = {root}/state
instance_name = pa-dovecot-{port}
listen = 127.0.0.1
protocols = imap
ssl = yes
ssl_cert = <{root}/tls/cert.pem
ssl_key = <{root}/tls/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2
auth_failure_delay = 0
# No growing delay for repeated failures from 127.0.0.1 (auth penalty): tests fail logins on purpose.
login_trusted_networks = 127.0.0.0/8
log_path = {root}/dovecot.log
mail_location = maildir:~/Maildir
mail_fsync = never
first_valid_uid = 1
default_login_user = {login_user}
default_internal_user = {login_user}
namespace inbox {{
  inbox = yes
}}
passdb {{
  driver = oauth2
  mechanisms = xoauth2
  args = {root}/oauth2.conf.ext
}}
passdb {{
  driver = passwd-file
  mechanisms = plain login
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
    address = 127.0.0.1
    port = {tls_port}
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
    port, tls_port = free_port(), free_port()
    try:
        make_certificate(root / "tls")
    except RuntimeError:
        shutil.rmtree(root, ignore_errors=True)
        raise
    _oauth2_key(root)
    config = root / "dovecot.conf"
    config.write_text(_config(root, port, tls_port, login_user), encoding="utf-8")
    process = subprocess.Popen([binary, "-F", "-c", str(config)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    server = DovecotServer(root, port, tls_port, process, uid, gid)
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
