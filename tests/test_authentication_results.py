"""Which Authentication-Results headers prove a DMARC pass: only our own server's, at the top (RFC 8601)."""

from __future__ import annotations

import pytest

from assistant.mail.addresses import normalise_address
from assistant.mail.authentication import authserv_id, dmarc_pass

OURS = "mx.sodepac.com"
PASS = "mx.sodepac.com; spf=pass smtp.mailfrom=example.com; dmarc=pass (p=reject dis=none) header.from=example.com"


@pytest.mark.parametrize(("headers", "proven"), [
    ([PASS], True),
    (["MX.Sodepac.com 1; dmarc=pass header.from=Example.COM"], True),  # a version, and any case
    (["mx.sodepac.com; dkim=pass header.d=example.com; dmarc=fail header.from=example.com"], False),
    (["mx.sodepac.com; dmarc=pass header.from=other.org"], False),  # another domain than From
    (["mx.sodepac.com; dmarc=pass"], False),  # no header.from: not about this From
    (["mx.attacker.net; dmarc=pass header.from=example.com"], False),  # anyone can write one
    (["mx.attacker.net; dmarc=pass header.from=example.com", PASS], False),  # ours is never below another's
    ([PASS.replace("dmarc=pass", "dmarc=none"), "mx.sodepac.com; dmarc=pass header.from=example.com"], True),
    (["mx.sodepac.com (our filter; dmarc=pass header.from=example.com); dmarc=fail header.from=example.com"], False),
    ([], False),
])
def test_dmarc_pass_only_from_our_server_for_the_from_domain(headers: list[str], proven: bool) -> None:
    assert dmarc_pass(headers, server=OURS, from_address="anne@example.com") is proven


def test_no_configured_server_trusts_nothing() -> None:
    assert not dmarc_pass([PASS], server="", from_address="anne@example.com")


def test_authserv_id_is_the_first_token() -> None:
    assert authserv_id("  mx.sodepac.com 1 ; none") == "mx.sodepac.com"
    assert authserv_id("(comment) mx.sodepac.com; none") == "mx.sodepac.com"


@pytest.mark.parametrize(("given", "plus", "expected"), [
    ("  Anne.Martin@Example.COM ", False, "anne.martin@example.com"),
    ("<anne@example.com>", False, "anne@example.com"),
    ("anne+news@example.com", False, "anne+news@example.com"),
    ("anne+news@example.com", True, "anne@example.com"),
    ("+only@example.com", True, "+only@example.com"),
])
def test_normalise_address(given: str, plus: bool, expected: str) -> None:
    assert normalise_address(given, plus_addressing=plus) == expected
