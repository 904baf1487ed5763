"""Encrypted and token logins against the real Dovecot: TLS, STARTTLS, a wrong certificate, XOAUTH2.

The server presents a self-signed certificate made for this run; `imap.tls_ca_file` trusts
it. XOAUTH2 tokens are JWTs that Dovecot's oauth2 passdb validates itself, expiry included.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.channels.imap import ImapPoller, MailboxRefused
from assistant.channels.imap.auth import OAuth2Login, TokenSource, parse_token
from assistant.storage.database import Database
from tests.support.dovecot import DovecotServer, MailUser, make_certificate
from tests.support.imap import Clock, imap_config, poller_for, request, stored_rows

pytestmark = pytest.mark.imap


def logins_of(dovecot: DovecotServer, user: MailUser) -> list[str]:
    return [line for line in dovecot.log().splitlines() if "Login: " in line and f"user=<{user.username}>" in line]


@pytest.mark.parametrize("security", ["tls", "starttls"])
async def test_tls_and_starttls_with_the_configured_ca_store_mail(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, security: str
) -> None:
    dovecot.append(mailbox_user, request(1))
    port = dovecot.tls_port if security == "tls" else dovecot.port
    poller = poller_for(dovecot, mailbox_user, db, security=security, port=port, tls_ca_file=str(dovecot.ca_file))
    try:
        assert (await poller.run_round()).stored == 1
    finally:
        poller.mailbox.close()
    assert [row.raw for row in await stored_rows(db)] == [request(1)]
    assert all("TLS" in line for line in logins_of(dovecot, mailbox_user)[-1:])  # Dovecot logs the login as TLS


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_a_certificate_signed_by_someone_else_is_refused_clearly(
    dovecot: DovecotServer, mailbox_user: MailUser, tmp_path: Path, security: str
) -> None:
    other_ca, _ = make_certificate(tmp_path / "other")
    port = dovecot.tls_port if security == "tls" else dovecot.port
    for ca_file in (str(other_ca), ""):  # another CA, and the system's CAs
        poller = poller_for(dovecot, mailbox_user, Database("sqlite+aiosqlite://"), security=security, port=port,
                            tls_ca_file=ca_file)
        with pytest.raises(MailboxRefused, match=r"certificate .* is not trusted .*imap\.tls_ca_file"):
            poller.mailbox.open()
    assert not logins_of(dovecot, mailbox_user)  # the password never went out


def test_tls_to_a_plain_port_names_the_keys_to_fix(dovecot: DovecotServer, mailbox_user: MailUser) -> None:
    poller = poller_for(dovecot, mailbox_user, Database("sqlite+aiosqlite://"), security="tls", port=dovecot.port)
    with pytest.raises(MailboxRefused, match=r"TLS .* failed .*imap\.security.*imap\.port"):
        poller.mailbox.open()


def oauth_poller(dovecot: DovecotServer, user: MailUser, db: Database, tokens: TokenSource) -> ImapPoller:
    config = imap_config(dovecot, user, auth="xoauth2", oauth2_token_file="unused")
    return ImapPoller(config, db, credentials=OAuth2Login(tokens), clock=Clock())


async def test_xoauth2_with_a_token_file_kept_fresh_by_another_program(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, tmp_path: Path
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(dovecot.token_for(mailbox_user, expires_in=-10))  # already expired
    dovecot.append(mailbox_user, request(1))
    poller = oauth_poller(dovecot, mailbox_user, db, TokenSource(file=token_file))
    try:
        with pytest.raises(MailboxRefused, match=r"login refused.*imap\.oauth2_token_file"):
            await poller.run_round()
        token_file.write_text(dovecot.token_for(mailbox_user) + "\n")  # the refresher wrote a new one
        assert (await poller.run_round()).stored == 1
    finally:
        poller.mailbox.close()
    assert "method=XOAUTH2" in logins_of(dovecot, mailbox_user)[-1]


async def test_xoauth2_token_from_a_command_is_refreshed_before_it_expires(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, tmp_path: Path
) -> None:
    for number in (1, 2):  # what the provider's token endpoint would answer, twice
        (tmp_path / f"token{number}.json").write_text(json.dumps(
            {"access_token": dovecot.token_for(mailbox_user, expires_in=3600), "expires_in": 3599}))
    (tmp_path / "count").write_text("1")
    script = tmp_path / "get-token.sh"
    script.write_text('cd "$(dirname "$0")"; n=$(cat count); echo $((n + 1)) > count; cat "token$n.json"\n')
    clock = Clock()
    tokens = TokenSource(command=f"sh {script}", clock=clock)
    poller = oauth_poller(dovecot, mailbox_user, db, tokens)
    dovecot.append(mailbox_user, request(1))
    try:
        assert (await poller.run_round()).stored == 1
        clock.advance(1800)
        dovecot.append(mailbox_user, request(2))
        assert (await poller.run_round()).stored == 1  # same connection, same token
        assert (tmp_path / "count").read_text().strip() == "2"
        clock.advance(1760)  # within a minute of expiry: a new login with a new token
        dovecot.append(mailbox_user, request(3))
        assert (await poller.run_round()).stored == 1
    finally:
        poller.mailbox.close()
    assert (tmp_path / "count").read_text().strip() == "3"
    assert sum("method=XOAUTH2" in line for line in logins_of(dovecot, mailbox_user)) == 2  # two logins


def test_a_token_the_server_refuses_is_replaced_once_by_a_fresh_one(
    dovecot: DovecotServer, mailbox_user: MailUser, tmp_path: Path
) -> None:
    revoked = dovecot.token_for(mailbox_user, expires_in=-10)  # the answer said 3599 s, the server disagrees
    for number, token in ((1, revoked), (2, dovecot.token_for(mailbox_user))):
        (tmp_path / f"token{number}.json").write_text(json.dumps({"access_token": token, "expires_in": 3599}))
    (tmp_path / "count").write_text("1")
    script = tmp_path / "get-token.sh"
    script.write_text('cd "$(dirname "$0")"; n=$(cat count); echo $((n + 1)) > count; cat "token$n.json"\n')
    poller = oauth_poller(dovecot, mailbox_user, Database("sqlite+aiosqlite://"), TokenSource(command=f"sh {script}"))
    try:
        poller.mailbox.open()
    finally:
        poller.mailbox.close()
    assert (tmp_path / "count").read_text().strip() == "3"  # the command ran twice, on one connection


def test_a_failing_token_command_is_a_clear_refusal(
    dovecot: DovecotServer, mailbox_user: MailUser, tmp_path: Path
) -> None:
    poller = oauth_poller(dovecot, mailbox_user, Database("sqlite+aiosqlite://"),
                          TokenSource(command="sh -c 'echo refresh token revoked >&2; exit 3'"))
    with pytest.raises(MailboxRefused, match=r"imap\.oauth2_token_command exited with 3: refresh token revoked"):
        poller.mailbox.open()


NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "token", "expires"),
    [
        ("ya29.a0Af\n", "ya29.a0Af", None),
        ('{"access_token": "abc", "expires_in": 3599, "token_type": "Bearer"}', "abc",
         datetime(2026, 12, 4, 9, 59, 59, tzinfo=UTC)),
        ('{"access_token": "abc", "expires_at": "2026-12-04T10:00:00+00:00"}', "abc",
         datetime(2026, 12, 4, 10, 0, tzinfo=UTC)),
        ('{"access_token": "abc", "expires_at": 1796382000}', "abc", datetime.fromtimestamp(1796382000, UTC)),
        ('{"error": "invalid_grant"}', "", None),
        ("{not json", "", None),
    ],
    ids=["bare", "expires_in", "expires_at_iso", "expires_at_unix", "error_answer", "broken_json"],
)
def test_token_output_is_read_as_a_token_endpoint_answers(text: str, token: str, expires: datetime | None) -> None:
    assert parse_token(text, now=NOW) == (token, expires)


def test_an_empty_token_is_refused_not_sent(tmp_path: Path) -> None:
    (tmp_path / "token").write_text('{"error": "invalid_grant"}')
    with pytest.raises(Exception, match=r"imap\.oauth2_token_file .* gave an empty token"):
        TokenSource(file=tmp_path / "token").token()
