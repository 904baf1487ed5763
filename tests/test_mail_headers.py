"""The mail-text primitives, pinned by tables: subjects, one-line header text, Message-IDs, our domains.

Each subject row is read by every consumer (threading, the reply subject, the classifier's
subject reading and its reply marks): before issue 10 four prefix lists disagreed, so
"RE[2]: ..." threaded as a reply while the classifier read it as new text.
"""

from __future__ import annotations

import pytest
import spacy

from assistant.mail.headers import (
    header_text,
    is_message_id,
    is_own_domain,
    is_reply_subject,
    message_id_from_header,
    message_ids,
    new_message_id,
    one_line,
    strip_reply_prefixes,
    well_formed_message_ids,
)
from assistant.mail.noise import detect_noise
from assistant.mail.parse import parse_message
from assistant.tickets.references import normalize_subject
from intents import rules  # noqa: F401  (registers the "intent_scopes" factory)
from intents.classifier import original_subject, subject_chars
from replies.subject import reply_subject

# subject as received -> without its reply/forward prefixes (unchanged: not a reply) -> what our reply
# repeats after its one "Re:" (answer prefixes only: a reply to "Fwd: X" is "Re: Fwd: X"; None: the same)
SUBJECTS = [
    ("Re: Effacement de mes données", "Effacement de mes données", None),
    ("RE: Access request", "Access request", None),
    ("RE[2]: Access request", "Access request", None),  # disagreed: the classifier read it as new text
    ("Re[3]: Access request", "Access request", None),
    ("Re(2): Access request", "Access request", None),
    ("AW: Auskunft", "Auskunft", None),
    ("WG: Auskunft", "Auskunft", "WG: Auskunft"),
    ("TR: Suppression", "Suppression", "TR: Suppression"),
    ("TR : Suppression", "Suppression", "TR : Suppression"),
    ("Trans: Suppression", "Suppression", "Trans: Suppression"),  # disagreed: the classifier read it as new text
    ("Fwd: Opt-out", "Opt-out", "Fwd: Opt-out"),
    ("FW: Opt-out", "Opt-out", "FW: Opt-out"),
    ("Réf. : Dossier 42", "Dossier 42", None),  # disagreed: "Re: Réf. : Dossier 42" in our replies
    ("RÉF : Dossier 42", "Dossier 42", None),
    ("Ref: Dossier 42", "Dossier 42", None),
    ("RE : Rectification", "Rectification", None),
    ("SV: Radering", "Radering", None),  # disagreed: the classifier read it as new text
    ("VS: Poisto", "Poisto", None),  # disagreed: the classifier and our replies read it as new text
    ("Antw: Verwijdering", "Verwijdering", None),
    ("Re: Fwd: TR : RE[2]: Erasure request", "Erasure request", "Fwd: TR : RE[2]: Erasure request"),
    ("re:re:Erasure", "Erasure", None),
    ("  Re :  spaced out", "spaced out", None),
    ("Référence client 1234", "Référence client 1234", None),  # disagreed: the classifier took "réf..." as a reply
    ("Refund: my order", "Refund: my order", None),
    ("Request: access to my data", "Request: access to my data", None),
    ("Review of my account", "Review of my account", None),
    ("Transfer: my data to a new provider", "Transfer: my data to a new provider", None),
    ("Re", "Re", None),
    ("[EXTERNAL] Re: Access", "[EXTERNAL] Re: Access", None),  # tags are not prefixes (no copy handled them)
    ("", "", None),
]


@pytest.mark.parametrize(("subject", "stripped", "answered"), SUBJECTS)
def test_every_reader_of_a_subject_strips_the_same_prefixes(subject: str, stripped: str,
                                                            answered: str | None) -> None:
    replied = stripped != subject
    assert strip_reply_prefixes(subject) == stripped
    assert is_reply_subject(subject) is replied
    # threading: the same requester and subject continue a ticket
    assert normalize_subject(subject) == " ".join(stripped.split()).casefold()
    # our reply: exactly one "Re:" (RFC 5322 section 3.6.5)
    answered = (answered if answered is not None else stripped).strip()
    if answered:
        assert reply_subject(subject, "PRIV-2026-000001", "en") == f"Re: {answered} [PRIV-2026-000001]"
    # the classifier: a reply's subject is not what THIS mail asks
    assert original_subject(subject) == stripped.strip()
    assert (subject_chars(subject) == 0) is (replied or not subject.strip())


@pytest.fixture(scope="module")
def scopes():
    nlp = spacy.blank("en")
    nlp.add_pipe("intent_scopes")
    return nlp


@pytest.mark.parametrize(("subject", "marked"), [
    ("re[2]: access request", True),
    ("tr : access request", True),
    ("sv: access request", True),
    ("access request", False),
    ("refund: access request", False),
])
def test_the_classifier_marks_the_words_of_a_reply_subject(scopes, subject: str, marked: bool) -> None:
    doc = scopes(f"{subject}\n\nplease delete my account")
    norms = {token.text: token.norm_ for token in doc}
    assert norms["access"].startswith("re_") is marked
    assert not norms["delete"].startswith("re_")


# a value from a requester -> one header line (the header-injection defence, RFC 5322 section 2.2)
HEADER_LINES = [
    ("Hello\r\nBcc: evil@example.net", "Hello Bcc: evil@example.net"),
    ("Hello\nX-Injected: yes", "Hello X-Injected: yes"),
    ("Hello\rX-Injected: yes", "Hello X-Injected: yes"),
    ("folded\r\n\tcontinuation", "folded continuation"),
    ("line\u2028separator\u0085next\u2029end", "line separator next end"),
    ("nul\x00and\x1bescape\x7fdel", "nul and escape del"),
    ("  tabs\tand   spaces  ", "tabs and spaces"),
    ("{{ 7*7 }}", "{{ 7*7 }}"),
    ("Inès Müller", "Inès Müller"),
    ("", ""),
]


@pytest.mark.parametrize(("given", "expected"), HEADER_LINES)
def test_header_text_is_one_line(given: str, expected: str) -> None:
    assert one_line(given) == expected
    assert header_text(given) == expected


def test_header_text_cuts_long_text_at_a_word() -> None:
    cut = header_text("word " * 100, limit=42)
    assert len(cut) <= 43 and cut.endswith("…") and "  " not in cut


# an In-Reply-To / References value -> ids as read (tolerant) and ids we would write back (strict)
ID_LISTS = [
    ("<a@example.com> <b@example.com>", ["a@example.com", "b@example.com"], ["a@example.com", "b@example.com"]),
    ("<a@example.com>\r\n\t<b@example.com>", ["a@example.com", "b@example.com"], ["a@example.com", "b@example.com"]),
    ("<a@example.com>, (comment) <b@example.com>", ["a@example.com", "b@example.com"],
     ["a@example.com", "b@example.com"]),
    ("<a@example.com> junk <no-at-sign> <c@d>", ["a@example.com", "no-at-sign", "c@d"], ["a@example.com", "c@d"]),
    ("<a@example.com> <a@example.com>", ["a@example.com"], ["a@example.com", "a@example.com"]),
    ("<a@b@c>", ["a@b@c"], []),
    ("a@example.com, b@example.com", ["a@example.com", "b@example.com"], []),  # brackets dropped by a client
    ("no ids here", [], []),
    ("", [], []),
]


@pytest.mark.parametrize(("value", "read", "written"), ID_LISTS)
def test_message_ids_are_read_tolerantly_and_written_strictly(value: str, read: list[str],
                                                              written: list[str]) -> None:
    assert message_ids(value) == read
    assert well_formed_message_ids(value) == written


@pytest.mark.parametrize(("value", "identifier"), [
    ("<abc.123@mail.example.com>", "abc.123@mail.example.com"),
    ("  <abc@example.com> (Exchange)", "abc@example.com"),
    ("abc@example.com", "abc@example.com"),
    ("<not-an-id>", "not-an-id"),
    ("bare-token", "bare-token"),
    ("   ", None),
    (None, None),
])
def test_the_message_id_header_gives_one_id(value: str | None, identifier: str | None) -> None:
    assert message_id_from_header(value) == identifier


@pytest.mark.parametrize(("value", "usable"), [
    ("abc@example.com", True),
    ("a" * 250 + "@example.com", True),
    ("a" * 251 + "@example.com", False),
    ("with space@example.com", False),
    ("two@at@signs", False),
    ("no-at-sign", False),
    ("", False),
    (None, False),
])
def test_only_well_formed_ids_are_written_back(value: str | None, usable: bool) -> None:
    assert is_message_id(value) is usable


OWN = ["sodepac.com", " SODEPAC.fr "]


@pytest.mark.parametrize(("domain", "exact", "with_subdomains"), [
    ("sodepac.com", True, True),
    ("SODEPAC.COM", True, True),
    ("sodepac.fr", True, True),
    ("mail.sodepac.com", False, True),  # a colleague's client: people's mail (tests/test_noise.py)
    ("notsodepac.com", False, False),
    ("sodepac.com.evil.example", False, False),
    ("example.com", False, False),
    ("", False, False),
])
def test_our_domain_is_an_exact_case_insensitive_match(domain: str, exact: bool, with_subdomains: bool) -> None:
    assert is_own_domain(domain, OWN) is exact
    assert is_own_domain(domain, OWN, subdomains=True) is with_subdomains


def test_the_ids_we_mint_are_written_back_and_recognised_when_they_come_back() -> None:
    ours = new_message_id("sodepac.com")
    assert is_message_id(ours) and ours != new_message_id("sodepac.com")
    returned = parse_message(f"From: a@example.com\r\nMessage-ID: <{ours}>\r\n\r\nhello\r\n".encode())
    verdict = detect_noise(returned, envelope_sender="a@example.com", own_domains=OWN)
    assert verdict is not None and verdict.rule == "own-message-id"
    colleague = parse_message(f"From: a@example.com\r\nMessage-ID: <{new_message_id('mail.sodepac.com')}>\r\n\r\nhi\r\n"
                              .encode())
    assert detect_noise(colleague, envelope_sender="a@example.com", own_domains=OWN) is None
