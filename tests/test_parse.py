"""Every message in the corpus is read the way its sender wrote it; nothing raw can make parsing fail."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.mail.fingerprint import content_hash, is_mail_message
from assistant.mail.html_text import html_to_text
from assistant.mail.parse import parse_message, unflow
from assistant.mail.types import Attachment, ParsedMail

MESSAGES = Path(__file__).parent / "messages"
CORPUS = sorted(MESSAGES.glob("*.eml"))
ACCESS_ID = "3f9a2c1e-5b7d-4e21-9c0a-7d2b8e4f1a60@example.com"


def read(name: str) -> ParsedMail:
    return parse_message((MESSAGES / name).read_bytes())


def raw(*header_lines: str, body: str = "Hello.", newline: str = "\r\n") -> bytes:
    """A small message: header lines as given (ASCII), a blank line, the body (UTF-8)."""
    return (newline.join(header_lines) + newline + newline).encode("ascii") + body.encode("utf-8")


# -- the corpus -------------------------------------------------------------------------------

# file, sender address, display name, subject, a snippet the reader must see in the text
EXPECTED = [
    ("en_access_plain.eml", "m.holloway@example.com", "Margaret Holloway",
     "Request for a copy of my personal data", "Under Article 15 of the GDPR"),
    ("fr_deletion_request.eml", "etienne.marchal@example.fr", "Étienne Marchal",
     "Demande de suppression de mes données", "supprimer l'ensemble de mes données personnelles"),
    ("en_optout_html_only.eml", "r.okafor@example.org", "Ruth Okafor",
     "Please stop sending me marketing emails", "remove r.okafor@example.org from all your marketing lists"),
    ("fr_access_multipart_with_attachment.eml", "claire.vasseur@example.fr", "Claire Vasseur",
     "Demande d’accès à mes données", "copie de ma pièce d’identité"),
    ("fr_complaint_iso8859_1.eml", "henri.lefebvre@example.fr", "Henri Lefebvre",
     "Réclamation concernant mes données", "Je vous adresse une réclamation"),
    ("en_deletion_windows1252.eml", "d.whitcombe@example.com", "Daniel Whitcombe",
     "Delete my account", "I’m writing to ask you to delete my account"),
    ("fr_rectification_base64_utf8.eml", "sophie.garnier@example.fr", "Sophie Garnier",
     "Rectification de mon adresse postale", "Suite à mon déménagement"),
    ("en_broken_mime.eml", "priya.raman@example.com", "Priya Raman",
     "Which of my details do you keep?", "which of my personal details you store"),
    ("en_no_message_id.eml", "tom.ashby@example.com", "Tom Ashby",
     "What data do you have on me?", "contacted me on my personal number"),
    ("fr_deletion_with_quoted_thread.eml", "nadia.benali@example.fr", "Nadia Benali",
     "Re: Nos nouveautés 2025", "> Découvrez nos nouvelles solutions"),
    ("en_reply_into_thread.eml", "m.holloway@example.com", "Margaret Holloway",
     "Re: Request for a copy of my personal data", "my previous employer was Northfield Freight"),
    ("colleague_forward_from_own_domain.eml", "jean.dupont@sodepac.com", "Jean Dupont",
     "TR: Suppression de mes données", "je souhaite que vous supprimiez toutes les données"),
    ("outlook_auto_reply.eml", "julien.perrin@example.fr", "Julien Perrin",
     "Réponse automatique : absent du bureau", "Je suis absent du bureau jusqu'au 24 mars"),
    ("mailer_daemon_bounce.eml", "mailer-daemon@mx.example.org", "Mail Delivery System",
     "Undelivered Mail Returned to Sender", "your message could not\nbe delivered"),
    ("newsletter_with_list_unsubscribe.eml", "newsletter@news.example.org", "Freight Weekly",
     "Freight Weekly #12: Rotterdam, customs rules", "port congestion eases in Rotterdam"),
    ("en_unknown_charset.eml", "zoe.lindqvist@example.org", "Zoe Lindqvist",
     "Job application data", "My name is Zoë Lindqvist"),
    ("fr_optout_no_accents.eml", "bruno.caillaud@example.fr", "Bruno Caillaud",
     "desinscription", "merci de me desinscrire"),
    ("en_multi_intent.eml", "lena.fischer@example.com", "Lena Fischer",
     "Unsubscribe and delete my details", "Unsubscribe me from your newsletter"),
    ("en_wrong_recipient.eml", "a.brennan@example.com", "Aidan Brennan",
     "Updated pallet delivery schedule for April", "the April deliveries move"),
    ("en_forward_as_attachment.eml", "g.moreau@example.com", "Gregory Moreau",
     "Fwd: Request for a copy of my personal data", "I am Margaret Holloway's lawyer"),
]  # fmt: skip


def test_every_message_in_the_corpus_has_an_expectation() -> None:
    assert sorted(row[0] for row in EXPECTED) == [path.name for path in CORPUS]


@pytest.mark.parametrize(("name", "address", "display_name", "subject", "snippet"), EXPECTED)
def test_corpus_message_reads_as_sent(name: str, address: str, display_name: str, subject: str,
                                      snippet: str) -> None:  # fmt: skip
    mail = read(name)
    assert (mail.from_address, mail.from_name, mail.subject) == (address, display_name, subject)
    assert snippet in mail.text
    assert mail.date is not None and mail.date.utcoffset() is not None


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("fr_complaint_iso8859_1.eml", ["réclamation", "données", "février", "reçu"]),
        ("fr_deletion_request.eml", ["données", "conformément à l'article 17", "jamais été client"]),
        ("en_deletion_windows1252.eml", ["I’m", "“preferred contact”", "data you\nhold about me – including"]),
        ("fr_rectification_base64_utf8.eml", ["déménagement", "enregistrée", "numéro de téléphone"]),
        ("en_unknown_charset.eml", ["Zoë", "résumé"]),
        ("fr_access_multipart_with_attachment.eml", ["Conformément à l’article 15", "société détient"]),
    ],
)
def test_accented_words_and_smart_quotes_survive_their_charset(name: str, words: list[str]) -> None:
    text = read(name).text
    for word in words:
        assert word in text
    assert "\ufffd" not in text and "Ã" not in text


def test_unknown_charset_is_read_and_said_so() -> None:
    mail = read("en_unknown_charset.eml")
    assert any("x-unknown" in defect for defect in mail.defects)


@pytest.mark.parametrize(
    ("label", "encoding", "text"),
    [
        ("iso-8859-1", "cp1252", "I’d like “all” of it deleted – thanks"),  # cp1252 sent as latin-1
        ("us-ascii", "utf-8", "Supprimez mes données, merci"),  # 8-bit UTF-8 labelled ASCII
        ("iso-8859-1", "utf-8", "Supprimez mes données, merci"),  # UTF-8 labelled latin-1
        ("utf8mb4", "utf-8", "Zoë’s résumé"),  # a database's name for UTF-8
        ("utf-8", "cp1252", "Zoë’s résumé"),  # windows-1252 labelled UTF-8
        ("x-unknown", "cp1252", "Données supprimées"),
    ],
)
def test_mislabelled_text_is_decoded_to_what_was_typed(label: str, encoding: str, text: str) -> None:
    message = raw("From: a@example.com", f'Content-Type: text/plain; charset="{label}"',
                  "Content-Transfer-Encoding: 8bit", body="")  # fmt: skip
    assert parse_message(message + text.encode(encoding)).text == text


def test_windows_1252_labelled_latin_1_keeps_its_smart_quotes() -> None:
    message = (MESSAGES / "en_deletion_windows1252.eml").read_bytes().replace(b"Windows-1252", b"ISO-8859-1")
    assert "“preferred contact”" in parse_message(message).text


def test_html_only_mail_becomes_readable_text() -> None:
    mail = read("en_optout_html_only.eml")
    assert mail.html is not None and "<div" in mail.html
    assert "<" not in mail.text and "&amp;" not in mail.text and "&quot;" not in mail.text
    assert '"Supply Chain Insights"' in mail.text and "lists & stop" in mail.text
    assert "- no more newsletters,\n- no more event invitations." in mail.text
    assert "document.write" not in mail.text and "margin-top" not in mail.text


def test_plain_text_is_preferred_over_html_in_alternative() -> None:
    mail = read("fr_deletion_request.eml")
    assert mail.html is not None and "<div" in mail.html
    assert mail.text.startswith("Bonjour,\n\nJe vous demande") and "<div" not in mail.text


def test_format_flowed_lines_are_joined_back() -> None:
    text = read("en_access_plain.eml").text
    assert "clients until last year, and I still receive calls" in text
    assert "-- \nSent from Thunderbird" in text  # the signature separator is never flowed


@pytest.mark.parametrize(
    ("name", "attachments"),
    [
        ("fr_access_multipart_with_attachment.eml",
         [Attachment("pièce_identité_recto_verso.pdf", "application/pdf", 2971)]),
        ("en_forward_as_attachment.eml",
         [Attachment("Request for a copy of my personal data.eml", "message/rfc822", 360),
          Attachment("reçu_mandat.jpg", "image/jpeg", 1500)]),
        ("mailer_daemon_bounce.eml",
         [Attachment("delivery-status.txt", "message/delivery-status", 355),
          Attachment("Votre demande concernant vos données personnelles.eml", "message/rfc822", 464)]),
        ("en_access_plain.eml", []),
        ("en_optout_html_only.eml", []),
    ],
)  # fmt: skip
def test_attachments_are_recorded_by_name_type_and_size(name: str, attachments: list[Attachment]) -> None:
    assert read(name).attachments == attachments


def test_attachment_bytes_never_reach_the_text() -> None:
    mail = read("fr_access_multipart_with_attachment.eml")
    assert "%PDF" not in mail.text and "JVBERi" not in mail.text
    forwarded = read("en_forward_as_attachment.eml")
    assert "I would like a copy of the personal data" not in forwarded.text  # inside the .eml only


def test_wrong_boundary_still_yields_the_text_and_says_so() -> None:
    mail = read("en_broken_mime.eml")
    assert mail.text.startswith("Hello,\n\nCould you tell me which of my personal details")
    assert "Content-Type" not in mail.text and "--=_mailer" not in mail.text
    assert any("boundary" in defect for defect in mail.defects)


def test_multipart_without_any_boundary_is_read_as_text() -> None:
    mail = parse_message(raw("From: a@example.com", "Content-Type: multipart/mixed",
                             body="Please delete my data."))  # fmt: skip
    assert "Please delete my data." in mail.text
    assert any("boundary" in defect for defect in mail.defects)


def test_truncated_multipart_keeps_what_arrived() -> None:
    whole = (MESSAGES / "fr_deletion_request.eml").read_bytes()
    cut = whole[: whole.index(b"Content-Type: text/html")]
    mail = parse_message(cut)
    assert "supprimer l'ensemble de mes données" in mail.text
    assert any("closing boundary" in defect for defect in mail.defects)


def test_broken_base64_is_read_as_far_as_it_goes() -> None:
    mail = parse_message(raw("From: a@example.com", "Content-Type: text/plain; charset=utf-8",
                             "Content-Transfer-Encoding: base64",
                             body="Qm9uam91ciwgc3VwcHJpbWV6IG1lcyBkb25uw6llcw!!=\r\nbWVyY2k"))  # fmt: skip
    assert mail.text.startswith("Bonjour, supprimez mes données")
    assert any("base64" in defect for defect in mail.defects)


def test_nul_bytes_are_removed_and_reported() -> None:
    mail = parse_message(raw("From: a@example.com", "Subject: my\x00data", body="del\x00ete me"))
    assert (mail.subject, mail.text) == ("mydata", "delete me")
    assert any("NUL" in defect for defect in mail.defects)


# -- headers ----------------------------------------------------------------------------------


def test_thread_headers_point_to_the_original_message() -> None:
    original, reply = read("en_access_plain.eml"), read("en_reply_into_thread.eml")
    assert original.message_id == ACCESS_ID
    assert reply.in_reply_to == [ACCESS_ID] and reply.references == [ACCESS_ID]


def test_message_without_message_id_has_none() -> None:
    assert read("en_no_message_id.eml").message_id is None


@pytest.mark.parametrize(
    ("value", "ids"),
    [
        ("<a1@example.com> <b2@example.org>", ["a1@example.com", "b2@example.org"]),
        ("<a1@example.com>,<b2@example.org>", ["a1@example.com", "b2@example.org"]),
        ("<a1@example.com>\r\n\t<b2@example.org>", ["a1@example.com", "b2@example.org"]),
        ("a1@example.com, b2@example.org", ["a1@example.com", "b2@example.org"]),
        ('Your message of "Mon, 3 Mar" <a1@example.com>', ["a1@example.com"]),
        ("<a1@example.com> <a1@example.com>", ["a1@example.com"]),
        ("no identifiers here", []),
    ],
)
def test_references_tolerate_garbage(value: str, ids: list[str]) -> None:
    assert parse_message(raw("From: a@example.com", f"References: {value}")).references == ids


@pytest.mark.parametrize(
    ("value", "message_id"),
    [("<x1@example.com>", "x1@example.com"), ("  x1@example.com ", "x1@example.com"), ("<>", None)],
)
def test_message_id_without_brackets(value: str, message_id: str | None) -> None:
    assert parse_message(raw("From: a@example.com", f"Message-ID: {value}")).message_id == message_id


@pytest.mark.parametrize(
    ("value", "address", "name", "defect"),
    [
        ("=?utf-8?q?Fran=C3=A7oise_Dupr=C3=A9?= <F.Dupre@Example.FR>", "f.dupre@example.fr", "Françoise Dupré",
         False),
        ('"Dupont, Jean" <jean.dupont@example.fr>', "jean.dupont@example.fr", "Dupont, Jean", False),
        ("Postmaster General <pg@example.com>", "pg@example.com", "Postmaster General", False),
        ("jean.dupont@example.fr (Jean Dupont)", "jean.dupont@example.fr", "Jean Dupont", False),
        ("Jean Dupont jean.dupont@example.fr", "jean.dupont@example.fr", "", True),
        ("Dupont, Jean <jean.dupont@example.fr>", "jean.dupont@example.fr", "Dupont, Jean", True),
        ("<<< nobody >>>", "", "", True),
    ],
)  # fmt: skip
def test_sender_is_read_from_any_from_header(value: str, address: str, name: str, defect: bool) -> None:
    mail = parse_message(raw(f"From: {value}", "Subject: x"))
    assert (mail.from_address, mail.from_name) == (address, name)
    assert any("From" in d for d in mail.defects) is defect


def test_missing_from_gives_empty_sender_and_a_defect() -> None:
    mail = parse_message(raw("Subject: hello"))
    assert (mail.from_address, mail.from_name) == ("", "")
    assert "no From header" in mail.defects


@pytest.mark.parametrize(
    ("value", "subject"),
    [
        ("Demande\r\n  de\r\n\tsuppression", "Demande de suppression"),
        ("=?UTF-8?B?RGVtYW5kZSBkZSBzdXBwcmVzc2lvbg==?=", "Demande de suppression"),
        ("=?utf-8?q?donn=C3=A9es?= =?utf-8?q?_personnelles?=", "données personnelles"),  # RFC 2047 6.2
        ("=?utf-8?q?donn=C3=A9?=\r\n =?utf-8?q?es?=", "données"),  # a word split across two encoded-words
        ("Re: =?iso-8859-1?q?r=E9clamation?= urgente", "Re: réclamation urgente"),
        ("=?x-bogus?q?r=E9clamation?=", "réclamation"),
        ("=?utf-8?B?!!!?= rest", "=?utf-8?B?!!!?= rest"),
    ],
)
def test_subject_is_decoded_and_folded(value: str, subject: str) -> None:
    assert parse_message(raw("From: a@example.com", f"Subject: {value}")).subject == subject


def test_raw_8bit_subject_is_decoded() -> None:
    message = b"From: a@example.com\r\nSubject: Donn\xc3\xa9es \xe9t\xe9\r\n\r\nx"  # UTF-8, then latin-1
    assert parse_message(message).subject.startswith("Données")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue, 4 Mar 2025 09:41:07 +0100", datetime(2025, 3, 4, 8, 41, 7, tzinfo=UTC)),
        ("4 Mar 2025 08:41:07 -0000", datetime(2025, 3, 4, 8, 41, 7, tzinfo=UTC)),
        ("Tue,  4 Mar 2025 09:41:07 +0100 (CET)", datetime(2025, 3, 4, 8, 41, 7, tzinfo=UTC)),
    ],
)
def test_dates_are_timezone_aware(value: str, expected: datetime) -> None:
    date = parse_message(raw("From: a@example.com", f"Date: {value}")).date
    assert date == expected and date.utcoffset() is not None


@pytest.mark.parametrize("value", ["yesterday", "32 Foo 2025 99:99:99", "Tue, 4 Mar 2025 25:61:00 +0100"])
def test_unreadable_date_is_none_with_a_defect(value: str) -> None:
    mail = parse_message(raw("From: a@example.com", f"Date: {value}"))
    assert mail.date is None
    assert any("Date" in defect for defect in mail.defects)


def test_headers_are_all_kept_lower_cased_and_decoded() -> None:
    mail = read("fr_deletion_request.eml")
    assert len(mail.headers["received"]) == 2
    assert mail.headers["subject"] == ["Demande de suppression de mes données"]
    assert mail.header("From") == "Étienne Marchal <etienne.marchal@example.fr>"
    assert mail.content_type == "multipart/alternative"


def test_header_flood_is_capped() -> None:
    flood = [f"X-Filler-{number}: {'v' * 50}" for number in range(5000)]
    mail = parse_message(raw("From: a@example.com", f"Subject: {'s' * 200_000}", *flood))
    assert sum(len(values) for values in mail.headers.values()) <= 500
    assert len(mail.subject) < 20_000
    assert mail.from_address == "a@example.com"
    assert any("header" in defect for defect in mail.defects)


def test_mime_nested_too_deep_still_gives_sender_and_text() -> None:
    nested = "".join(f"--b{n}\r\nContent-Type: multipart/mixed; boundary=b{n + 1}\r\n\r\n" for n in range(3000))
    message = raw("From: a@example.com", "Subject: deep", "Content-Type: multipart/mixed; boundary=b0",
                  body=nested + "--b3000\r\nContent-Type: text/plain\r\n\r\nplease delete me\r\n")  # fmt: skip
    mail = parse_message(message)
    assert (mail.from_address, mail.subject) == ("a@example.com", "deep")
    assert "please delete me" in mail.text and mail.defects


# -- HTML to text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<div>Line one<br>Line two<br/>Line three</div>", "Line one\nLine two\nLine three"),
        ("<div>Hello,</div><div><br></div><div>Bye</div>", "Hello,\n\nBye"),
        ("<ul><li>first</li><li>second</li></ul>", "- first\n- second"),
        ("<ol><li>a<ul><li>nested</li></ul></li></ol>", "- a\n  - nested"),
        ("<p>Mine</p><blockquote><p>Theirs</p><p>More</p></blockquote>", "Mine\n\n> Theirs\n>\n> More"),
        ("<blockquote>outer<blockquote>inner</blockquote></blockquote>", "> outer\n>\n> > inner"),
        ("Caf&eacute; &amp; cr&egrave;me &#8217; &lt;b&gt; &nbsp;x", "Café & crème ’ <b> x"),
        ("<a href='https://example.org/u'>unsubscribe here</a>", "unsubscribe here"),
        ("<head><title>T</title><style>p{}</style></head><body>Shown</body>", "Shown"),
        ("<html><head><title>T</title><body>Sloppy head</body>", "Sloppy head"),
        ("<p>Before</p><script>alert('x')</script><noscript>n</noscript><p>After</p>", "Before\n\nAfter"),
        ("  lots   of\n\n  white\tspace  ", "lots of white space"),
        ("<table><tr><td>Name</td><td>Ruth</td></tr><tr><td>Ask</td><td>delete</td></tr></table>",
         "Name Ruth\nAsk delete"),
        ("<pre>  keep\n    this</pre>", "  keep\n    this"),
        ("<p>unclosed <b>bold <i>text", "unclosed bold text"),
        ("", ""),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


@pytest.mark.parametrize(
    ("flowed", "delsp", "text"),
    [
        ("one two \nthree", False, "one two three"),
        ("one two\nthree", False, "one two\nthree"),
        ("sur-\nplus", False, "sur-\nplus"),
        ("abc \ndef", True, "abcdef"),
        ("> quoted \n> line\n>> deeper", False, "> quoted line\n>> deeper"),
        ("> quoted \nnot quoted", False, "> quoted \nnot quoted"),
        ("-- \nSignature", False, "-- \nSignature"),
        (" From stuffed", False, "From stuffed"),
    ],
)
def test_unflow(flowed: str, delsp: bool, text: str) -> None:
    assert unflow(flowed, delsp=delsp) == text


# -- is it mail? the same mail? -------------------------------------------------------------------


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.name)
def test_every_corpus_message_is_mail(path: Path) -> None:
    assert is_mail_message(path.read_bytes())


@pytest.mark.parametrize(
    "data",
    [
        (MESSAGES / "binary_junk.bin").read_bytes(),
        b"",
        b"\r\n\r\n",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n",
        b"Dear SODEPAC,\nplease delete all my data.\nThanks, Ruth\n",
        b"Note: this is a plain text file\nwith several lines\nof prose\nand no mail headers\n",
        b"Subject: delete\nHello,\nplease delete my data.\nI asked before.\nThanks\n",
    ],
    ids=["binary_junk.bin", "empty", "blank lines", "jpeg", "pdf", "prose", "prose with a colon",
         "prose under a Subject line"],
)
def test_not_mail_is_recognised(data: bytes) -> None:
    assert not is_mail_message(data)


@pytest.mark.parametrize(
    "data",
    [
        b"From sender@example.com Tue Mar  4 09:41:07 2025\nFrom: a@example.com\nSubject: x\n\nbody",
        b"Received: from x by y; Tue, 4 Mar 2025 09:41:07 +0100\n\nbody",
        b"Subject: only a subject\n",
    ],
    ids=["mbox From_ line", "only trace", "headers without body"],
)
def test_minimal_header_blocks_are_mail(data: bytes) -> None:
    assert is_mail_message(data)


ACCESS = (MESSAGES / "en_access_plain.eml").read_bytes()
EXTRA_HOP = b"Received: from relay2.example.net (relay2.example.net [192.0.2.9])\n\tby mx2.sodepac.com; Tue, 4 Mar 2025 09:41:09 +0100\n"  # noqa: E501


@pytest.mark.parametrize(
    "redelivered",
    [
        EXTRA_HOP + ACCESS,
        ACCESS.replace(b"\n", b"\r\n"),
        b"X-Original-To: contact-sodepac@sodepac.com\nAuthentication-Results: mx2.sodepac.com; dkim=pass\n" + ACCESS,
        ACCESS.replace(b"Delivered-To: contact-sodepac@sodepac.com\n", b"") + b"\n",
        b"From MAILER-DAEMON Tue Mar  4 09:41:07 2025\n" + ACCESS,
    ],
    ids=["extra Received", "CRLF", "more trace headers", "no Delivered-To", "mbox From_ line"],
)
def test_same_message_delivered_twice_hashes_the_same(redelivered: bytes) -> None:
    assert content_hash(redelivered) == content_hash(ACCESS)


@pytest.mark.parametrize(
    "other",
    [
        ACCESS.replace(b"Kind regards", b"Best wishes"),
        ACCESS.replace(b"Subject: Request for a copy", b"Subject: Request for a copie"),
        ACCESS.replace(b"From: Margaret Holloway <m.holloway@", b"From: Margaret Holloway <m.hollowax@"),
        ACCESS.replace(b"Content-Type: text/plain;", b"DKIM-Signature: v=1; d=example.com\nContent-Type: text/plain;"),
    ],
    ids=["body", "subject", "sender", "signed"],
)
def test_a_different_message_with_the_same_message_id_hashes_differently(other: bytes) -> None:
    assert ACCESS_ID.encode() in other
    assert content_hash(other) != content_hash(ACCESS)


def test_content_hash_is_a_sha256_hex() -> None:
    digest = content_hash(ACCESS)
    assert len(digest) == 64 and int(digest, 16) >= 0


# -- nothing raises -------------------------------------------------------------------------------


def _fuzz_inputs() -> list[bytes]:
    generator = random.Random(20250304)
    corpus = [path.read_bytes() for path in CORPUS]
    inputs = [generator.randbytes(generator.randrange(0, 4000)) for _ in range(150)]
    for message in corpus:
        inputs += [message[: generator.randrange(len(message))] for _ in range(15)]
        for _ in range(15):
            damaged = bytearray(message)
            for _ in range(generator.randrange(1, 40)):
                damaged[generator.randrange(len(damaged))] = generator.choice(b"\x00\n\r -:;<>=?\"\x80\xff")
            inputs.append(bytes(damaged))
    return inputs


def test_fuzzed_input_never_raises() -> None:
    for data in _fuzz_inputs():
        mail = parse_message(data)
        is_mail_message(data)
        assert len(content_hash(data)) == 64
        strings = [mail.text, mail.subject, mail.from_name, mail.from_address,
                   *(value for values in mail.headers.values() for value in values)]  # fmt: skip
        for string in strings:
            string.encode("utf-8")  # storable: no lone surrogates
            assert "\x00" not in string
        assert mail.date is None or mail.date.utcoffset() is not None


def test_a_large_message_parses_in_reasonable_time() -> None:
    body = "Please delete my data. " * 200_000  # about 4.6 MB of text
    started = datetime.now(UTC)
    mail = parse_message(raw("From: a@example.com", "Content-Type: text/plain; charset=utf-8", body=body))
    assert datetime.now(UTC) - started < timedelta(seconds=5)
    assert mail.text.startswith("Please delete my data.") and len(mail.text) == len(body)
