"""The reply's headers: one line each, threading ids kept bare, hostile text inert, backoff bounded."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser

import pytest

from assistant.outbox.compose import (
    ComposeError,
    Threading,
    address,
    compose_message,
    html_from_text,
    threading_after,
)
from assistant.outbox.sender import MAX_RETRY_DELAY, retry_delay

# Exchange's ids are longer than a folded header line.
EXCHANGE_ID = ("AM0PR01MB6147B2C3D4E5F60718293A4B5C6D7E8F9A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D"
               "@AM0PR01MB6147.eurprd01.prod.exchangelabs.com")


def _raw(**headers: str) -> bytes:
    head = "".join(f"{name.replace('_', '-')}: {value}\r\n" for name, value in headers.items())
    return head.encode() + b"\r\nbody\r\n"


@pytest.mark.parametrize(("parent_raw", "references"), [
    (_raw(References="<root@x> <mid@x>", In_Reply_To="<mid@x>"), ("root@x", "mid@x", "parent@x")),
    (_raw(In_Reply_To="<mid@x>"), ("mid@x", "parent@x")),
    (_raw(In_Reply_To="<a@x> <b@x>"), ("parent@x",)),  # several In-Reply-To ids: no chain (RFC 5322 3.6.4)
    (_raw(Subject="first message"), ("parent@x",)),
    (_raw(References="<root@x> <parent@x>"), ("root@x", "parent@x")),  # never listed twice
    (b"\xff\xfe garbage", ("parent@x",)),
])
def test_threading_follows_the_parents_chain(parent_raw: bytes, references: tuple[str, ...]) -> None:
    threading = threading_after("parent@x", parent_raw)
    assert threading.in_reply_to == "parent@x"
    assert threading.references == references


def test_a_long_chain_keeps_its_root_and_newest_ids() -> None:
    chain = " ".join(f"<m{number}@x>" for number in range(40))
    threading = threading_after("parent@x", _raw(References=chain))
    assert len(threading.references) == 20
    assert threading.references[0] == "m0@x" and threading.references[-2:] == ("m39@x", "parent@x")


def test_a_made_up_parent_id_is_not_threaded() -> None:
    assert threading_after("not an id", None) == Threading()


@pytest.mark.parametrize("bad", ["", "no-at-sign", "a@b\r\nBcc: evil@example.net", "two words@example.com",
                                 "a@b@c"])
def test_an_address_that_is_not_one_addr_spec_is_refused(bad: str) -> None:
    with pytest.raises(ComposeError):
        address(bad, "Name")


@pytest.mark.parametrize(("name", "shown"), [
    ("Jane Roe", "Jane Roe"),
    ("Jane\r\nBcc: evil@example.net", ""),  # looks like an address: dropped, never a header
    ("\"Jane\"", "Jane"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
])
def test_display_names_stay_one_quoted_phrase(name: str, shown: str) -> None:
    assert address("jane@example.com", name).display_name == shown


def _compose(threading: Threading) -> bytes:
    return bytes(compose_message(
        sender=address("contact-sodepac@sodepac.com", "SODEPAC INTERNATIONAL – Protection des données"),
        recipient=address("jane@example.com", "Jane Roe"), subject="Re: Données [PRIV-2026-000001]",
        text="Bonjour,\n\nvoici.\n", html_body=html_from_text("Bonjour,\n\nvoici.\n"), language="fr",
        message_id="abc@sodepac.com", date=datetime(2026, 11, 25, 10, 0, tzinfo=UTC), threading=threading))


def test_long_exchange_ids_stay_bare_so_the_reply_threads() -> None:
    raw = _compose(Threading(in_reply_to=EXCHANGE_ID, references=("root@x", EXCHANGE_ID)))
    head = raw.split(b"\r\n\r\n")[0].decode("ascii")
    threading_lines = head.split("In-Reply-To:")[1].split("Subject:")[0]
    assert "=?" not in threading_lines  # never an encoded-word, which no client would match
    parsed = BytesParser(policy=policy.default).parsebytes(raw)
    assert parsed["In-Reply-To"].strip() == f"<{EXCHANGE_ID}>"
    assert parsed["References"].split() == ["<root@x>", f"<{EXCHANGE_ID}>"]
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))


def test_composed_reply_has_both_parts_in_its_language_and_crlf_lines() -> None:
    raw = _compose(Threading())
    assert b"\n" not in raw.replace(b"\r\n", b"")
    parsed = BytesParser(policy=policy.default).parsebytes(raw)
    assert parsed["Content-Language"] == "fr" and parsed["Auto-Submitted"] == "no"
    assert parsed["Subject"] == "Re: Données [PRIV-2026-000001]"
    assert parsed["From"].addresses[0].display_name == "SODEPAC INTERNATIONAL – Protection des données"
    assert [part.get_content_type() for part in parsed.iter_parts()] == ["text/plain", "text/html"]
    assert [part["Content-Language"] for part in parsed.iter_parts()] == ["fr", "fr"]
    assert "In-Reply-To" not in parsed and "References" not in parsed


def test_html_from_edited_text_is_escaped() -> None:
    html = html_from_text("Hello <script>alert(1)</script>\n\n{{ 7*7 }} & more")
    assert "<script>" not in html and "&lt;script&gt;" in html and "{{ 7*7 }} &amp; more" in html


@pytest.mark.parametrize(("attempt", "low", "high"), [(1, 15, 45), (2, 30, 90), (4, 120, 360)])
def test_retry_delay_doubles_with_jitter(attempt: int, low: float, high: float) -> None:
    delays = {retry_delay(attempt, 30.0, random.Random(seed)).total_seconds() for seed in range(50)}
    assert all(low <= delay <= high for delay in delays)
    assert len(delays) > 40  # jittered: deferred replies do not retry in step


def test_retry_delay_is_capped() -> None:
    assert retry_delay(40, 30.0, random.Random(1)) == MAX_RETRY_DELAY <= timedelta(hours=6)
