"""How the poller logs in: a password from the environment, or an OAuth 2.0 token (XOAUTH2).

Microsoft 365 and Google Workspace are retiring passwords for IMAP; both accept the XOAUTH2
SASL mechanism (`user=NAME^Aauth=Bearer TOKEN^A^A`, base64). The service never runs an OAuth
flow itself: a configured command prints a fresh access token (or a file holds one, kept
fresh by another program), so client secrets stay with the tool the administrator trusts.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import subprocess
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from assistant.config import ConfigError, ImapConfig

log = logging.getLogger(__name__)

# A token that expires within this margin is refreshed before use.
EXPIRY_MARGIN = timedelta(seconds=60)
TOKEN_COMMAND_TIMEOUT_SECONDS = 60


class TokenUnavailable(Exception):
    """The token command failed or the token file is unreadable: said with the key to fix."""


class Credentials(Protocol):
    def login(self, client: IMAPClient, username: str) -> None: ...

    def expired(self) -> bool: ...

    @property
    def hint(self) -> str: ...


class PasswordLogin:
    """LOGIN with the password read from the environment at start."""

    def __init__(self, password: str, password_env: str) -> None:
        self._password = password
        self._password_env = password_env

    def login(self, client: IMAPClient, username: str) -> None:
        client.login(username, self._password)

    def expired(self) -> bool:
        return False

    @property
    def hint(self) -> str:
        return f"the password in ${self._password_env} (the variable named by imap.password_env)"


class OAuth2Login:
    """AUTHENTICATE XOAUTH2 with a token from `TokenSource`; a refused token is refreshed once and retried."""

    def __init__(self, tokens: TokenSource) -> None:
        self.tokens = tokens

    def login(self, client: IMAPClient, username: str) -> None:
        token = self.tokens.token()
        try:
            authenticate_xoauth2(client, username, token)
        except LoginError:
            fresh = self.tokens.token(refresh=True)
            if fresh == token:  # never send a refused token twice
                raise
            log.info("IMAP server refused the OAuth 2.0 token: trying once more with a fresh one")
            authenticate_xoauth2(client, username, fresh)

    def expired(self) -> bool:
        """A connection logged in with a token that has since expired is reopened with a fresh one."""
        return self.tokens.expires_soon()

    @property
    def hint(self) -> str:
        return f"the token from {self.tokens.origin} and that imap.username is the mailbox it was issued for"


def authenticate_xoauth2(client: IMAPClient, username: str, token: str) -> None:
    """AUTHENTICATE XOAUTH2. A refused token comes back as a challenge holding a JSON error, which
    the client must answer with an empty line (Google's XOAUTH2 protocol); sending the token again,
    as imapclient's `oauth2_login` does, makes servers wait before they refuse."""
    initial = f"user={username}\x01auth=Bearer {token}\x01\x01".encode()
    answers = iter([initial])

    def respond(challenge: bytes) -> bytes:
        return next(answers, b"")

    try:
        client._command_and_check("authenticate", "XOAUTH2", respond)
    except IMAPClientError as error:
        raise LoginError(str(error)) from None


class TokenSource:
    """An access token from a command's output or a file: a bare token, or JSON with `access_token`.

    JSON may say when the token expires (`expires_in` seconds, as token endpoints answer, or
    `expires_at`, a Unix time or ISO 8601); the token is reused until a minute before. Without
    an expiry the command is run (the file read) again at every login.
    """

    def __init__(self, *, command: str = "", file: Path | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.command = command
        self.file = file
        self.clock = clock
        self._token = ""
        self._expires_at: datetime | None = None

    @property
    def origin(self) -> str:
        return "imap.oauth2_token_command" if self.command else f"imap.oauth2_token_file ({self.file})"

    def token(self, *, refresh: bool = False) -> str:
        if refresh or not self._token or self._expires_at is None or self.expires_soon():
            self._token, self._expires_at = parse_token(self._read(), now=self.clock())
            if not self._token:
                raise TokenUnavailable(f"{self.origin} gave an empty token")
        return self._token

    def expires_soon(self) -> bool:
        return self._expires_at is not None and self.clock() >= self._expires_at - EXPIRY_MARGIN

    def _read(self) -> str:
        if self.file is not None:
            try:
                return self.file.read_text(encoding="utf-8")
            except OSError as error:
                raise TokenUnavailable(f"cannot read {self.origin}: {error.strerror}") from None
        try:
            done = subprocess.run(shlex.split(self.command), capture_output=True, text=True,
                                  timeout=TOKEN_COMMAND_TIMEOUT_SECONDS, check=False)
        except (OSError, ValueError, subprocess.TimeoutExpired) as error:
            raise TokenUnavailable(f"cannot run imap.oauth2_token_command: {error}") from None
        if done.returncode != 0:
            last_line = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise TokenUnavailable(f"imap.oauth2_token_command exited with {done.returncode}: {last_line}")
        return done.stdout


def parse_token(text: str, *, now: datetime) -> tuple[str, datetime | None]:
    """(token, expiry) from a bare token or a JSON token response (RFC 6749 §5.1)."""
    text = text.strip()
    if not text.startswith("{"):
        return text, None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return "", None
    token = str(data.get("access_token") or "")
    if isinstance(data.get("expires_in"), int | float):
        return token, now + timedelta(seconds=float(data["expires_in"]))
    expires_at = data.get("expires_at")
    if isinstance(expires_at, int | float):
        return token, datetime.fromtimestamp(expires_at, UTC)
    if isinstance(expires_at, str):
        try:
            parsed = datetime.fromisoformat(expires_at)
        except ValueError:
            return token, None
        return token, parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return token, None


def credentials_for(config: ImapConfig, *, base_dir: Path = Path("."),
                    environ: Mapping[str, str] = os.environ) -> Credentials:
    """The configured login. Raises ConfigError when the password variable is not set."""
    if config.auth == "xoauth2":
        file = Path(config.oauth2_token_file) if config.oauth2_token_file else None
        if file is not None and not file.is_absolute():
            file = base_dir / file
        return OAuth2Login(TokenSource(command=config.oauth2_token_command, file=file))
    return PasswordLogin(mailbox_password(config, environ), config.password_env)


def mailbox_password(config: ImapConfig, environ: Mapping[str, str] = os.environ) -> str:
    """The password from the environment variable named by `imap.password_env` (never from the file)."""
    password = environ.get(config.password_env, "") if config.password_env else ""
    if not password:
        raise ConfigError(
            f"config key imap.password_env names ${config.password_env or '(empty)'}, "
            "which is not set: export the IMAP mailbox password in it"
        )
    return password
