"""Reply drafting as staff and requesters see it: the words, the dates, the safety."""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from jinja2.exceptions import SecurityError, UndefinedError
from lingua import Language, LanguageDetectorBuilder

from intents import LABELS
from replies import CompanyInfo, DraftKind, DraftRequest, find_placeholders, render_draft
from replies.contacts import pick_team
from replies.dates import format_date
from replies.environment import html_environment, text_environment
from replies.policy import PASSAGES, TOPICS, passage, pick_topics, policy_sections
from replies.policy.sections import policy_text
from replies.render import ANSWERED_BY_THE_REPLY, compose_sections, reply_language
from replies.subject import DEFAULT_SUBJECTS, reply_subject

REFERENCE = "PRIV-2026-000042"
RECEIVED = datetime(2026, 1, 31, 10, 30, tzinfo=UTC)
# One month after 31 January is the last day of February (GDPR Art. 12(3), computed upstream).
DUE = datetime(2026, 2, 28, 23, 59, tzinfo=UTC)
LANGUAGES = ("en", "fr")
GREETING = {"en": "Hello", "fr": "Bonjour"}
SIGN_OFF = {"en": "Kind regards,", "fr": "Bien cordialement,"}
DUE_TEXT = {"en": "28 February 2026", "fr": "28 février 2026"}
RECEIVED_TEXT = {"en": "31 January 2026", "fr": "31 janvier 2026"}


def make_request(**changes) -> DraftRequest:
    values = {
        "reference": REFERENCE,
        "language": "en",
        "intents": ["access"],
        "requester_email": "jane.doe@example.org",
        "requester_name": "Jane Doe",
        "subject": "My personal data",
        "received_at": RECEIVED,
        "due_at": DUE,
    }
    values.update(changes)
    return DraftRequest(**values)


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if not self._in_title:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


# --- every intent in every language -------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("intent", LABELS)
def test_every_intent_renders_a_complete_reply(intent, language):
    draft = render_draft(make_request(intents=[intent], language=language))

    assert draft.language == language
    assert lines_of(draft.text)[0] == f"{GREETING[language]} Jane Doe,"
    assert RECEIVED_TEXT[language] in draft.text
    if intent not in ANSWERED_BY_THE_REPLY:  # an answer fulfils the request: no deadline to announce
        assert DUE_TEXT[language] in draft.text
    assert REFERENCE in draft.text
    assert draft.text.count(SIGN_OFF[language]) == 1
    assert "{{" not in draft.text and "{%" not in draft.text and "{#" not in draft.text
    assert draft.placeholders == find_placeholders(draft.text)
    for marker in draft.placeholders:
        assert marker in html_lib.unescape(draft.html)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("intent", LABELS)
def test_no_placeholder_outside_the_intent_sections_when_the_data_is_known(intent, language):
    sections = compose_sections(make_request(intents=[intent], language=language))
    shared = [section for section in sections if section.intent is None]
    assert shared, "greeting, acknowledgement, next steps and closing are always there"
    for section in shared:
        for block in section.blocks:
            assert find_placeholders("\n".join(block.lines)) == [], section.heading


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["", "   ", "jane.doe@example.org", '"jane@example.org"'])
def test_unknown_name_gets_a_plain_greeting_not_a_placeholder(name, language):
    draft = render_draft(make_request(requester_name=name, language=language))
    assert lines_of(draft.text)[0] == f"{GREETING[language]},"


@pytest.mark.parametrize("language", LANGUAGES)
def test_opt_out_names_the_known_address_and_asks_staff_only_when_it_is_missing(language):
    known = render_draft(make_request(intents=["opt_out"], language=language))
    missing = render_draft(make_request(intents=["opt_out"], language=language, requester_email=""))

    assert "jane.doe@example.org" in known.text
    assert len(missing.placeholders) == len(known.placeholders) + 1
    assert "jane.doe@example.org" not in missing.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_identity_check_mentions_the_address_the_requester_wrote_from(language):
    sections = compose_sections(make_request(intents=["deletion"], language=language, identity_pending=True))
    identity = next(s for s in sections if s.intent is None and s.heading)
    assert "jane.doe@example.org" in "\n".join(line for block in identity.blocks for line in block.lines)


# --- the deadline -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "due_at", "shown"),
    [
        ("en", DUE, "by 28 February 2026 at the latest"),
        ("fr", DUE, "au plus tard le 28 février 2026"),
        # The reply shows the ticket's own deadline, whatever rule computed it.
        ("en", datetime(2026, 3, 2, tzinfo=UTC), "by 2 March 2026 at the latest"),
        ("fr", datetime(2026, 3, 2, tzinfo=UTC), "au plus tard le 2 mars 2026"),
    ],
)
def test_the_deadline_shown_is_the_tickets_due_date(language, due_at, shown):
    draft = render_draft(make_request(due_at=due_at, language=language, intents=["deletion"]))
    assert shown in draft.text
    assert shown in html_lib.unescape(draft.html)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_acknowledgement_says_a_delay_would_be_announced_before_the_deadline(language):
    words = {"en": "we will tell you before 28 February 2026",
             "fr": "nous vous en informerons avant le 28 février 2026"}
    for intent in sorted(set(LABELS) - ANSWERED_BY_THE_REPLY):
        assert words[language] in render_draft(make_request(intents=[intent], language=language)).text


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (date(2026, 12, 25), "en", "25 December 2026"),
        (date(2026, 12, 25), "fr", "25 décembre 2026"),
        (date(2027, 1, 1), "en", "1 January 2027"),
        (date(2027, 1, 1), "fr", "1er janvier 2027"),
        (date(2026, 2, 28), "fr", "28 février 2026"),
        (date(2026, 8, 3), "fr", "3 août 2026"),
        (date(2026, 8, 3), "de", "3 August 2026"),
        (datetime(2026, 5, 9, 23, 30, tzinfo=UTC), "en", "9 May 2026"),
    ],
)
def test_format_date(value, language, expected):
    assert format_date(value, language) == expected


# --- language -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def detector():
    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.FRENCH).build()


def sentences_of(text: str) -> list[str]:
    """Lines that are sentences long enough to have a language (not the postal address)."""
    return [
        line.lstrip("> ")
        for line in lines_of(text)
        if len(line.split()) >= 6 and line.rstrip().endswith((".", ":", "?", "!", ")", "]]"))
    ]


ENGLISH_WORDS = re.compile(r"\b(the|and|your|you|we|will|please|with|this|our|of|to|is|data)\b", re.IGNORECASE)


@pytest.mark.parametrize(
    "intents", [[intent] for intent in LABELS] + [["complaint", "deletion", "opt_out", "question"]]
)
def test_french_reply_is_written_in_french(intents, detector):
    draft = render_draft(
        make_request(
            intents=intents,
            language="fr",
            requester_name="Jeanne Martin",
            new_text="Combien de temps conservez-vous mes données ?",
        )
    )
    for sentence in sentences_of(draft.text):
        assert detector.detect_language_of(sentence) == Language.FRENCH, sentence
        assert not ENGLISH_WORDS.search(sentence), sentence


@pytest.mark.parametrize(
    "intents", [[intent] for intent in LABELS] + [["complaint", "deletion", "opt_out", "question"]]
)
def test_english_reply_is_written_in_english(intents, detector):
    draft = render_draft(
        make_request(intents=intents, new_text="Do you use cookies on your website?")
    )
    for sentence in sentences_of(draft.text):
        assert detector.detect_language_of(sentence) == Language.ENGLISH, sentence


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "fr"), ("FR", "fr"), ("fr-FR", "fr"), ("fr_CA", "fr"), ("en", "en"), ("de", "en"), ("", "en")],
)
def test_reply_language(language, expected):
    assert reply_language(language) == expected
    assert render_draft(make_request(language=language)).language == expected


# --- several intents in one reply ----------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "intents",
    [
        ["complaint", "deletion", "opt_out"],
        ["deletion", "opt_out"],
        ["portability", "access", "rectification", "objection"],
        ["opt_out", "question"],
    ],
)
def test_several_intents_make_one_reply_with_sections_in_order(intents, language):
    request = make_request(intents=intents, language=language)
    sections = compose_sections(request)
    text = render_draft(request).text

    assert [section.intent for section in sections if section.intent] == intents
    positions = [text.index(f"\n{section.heading}\n") for section in sections if section.intent]
    assert positions == sorted(positions)
    for section in sections:
        if section.heading:
            assert text.count(f"\n{section.heading}\n") == 1, section.heading
    assert sum(line.startswith(GREETING[language]) for line in text.splitlines()) == 1
    assert text.count(SIGN_OFF[language]) == 1
    assert text.count(REFERENCE) == 1
    assert text.count(DUE_TEXT[language]) == 2  # "by <date>" and "we would tell you before <date>"


@pytest.mark.parametrize("language", LANGUAGES)
def test_identity_check_appears_once_for_several_intents_that_need_it(language):
    sections = compose_sections(make_request(intents=["access", "deletion", "portability"], language=language,
                                             identity_pending=True))
    titled_shared = [section.heading for section in sections if section.heading and not section.intent]
    assert titled_shared == ["Confirming it is you" if language == "en" else "Vérifier qu'il s'agit bien de vous"]


@pytest.mark.parametrize("intent", LABELS)
@pytest.mark.parametrize("pending", [True, False])
def test_the_identity_check_appears_exactly_when_identity_is_pending(intent, pending):
    sections = compose_sections(make_request(intents=[intent], identity_pending=pending))
    assert ("Confirming it is you" in [section.heading for section in sections]) is pending


def test_a_repeated_intent_gets_one_section():
    sections = compose_sections(make_request(intents=["deletion", "opt_out", "deletion"]))
    assert [section.intent for section in sections if section.intent] == ["deletion", "opt_out"]


@pytest.mark.parametrize("intents", [["access", "refund"], ["unknown"], []])
def test_an_unknown_or_missing_intent_fails_the_draft(intents):
    with pytest.raises(ValueError):
        render_draft(make_request(intents=intents))


# --- what each intent says -----------------------------------------------------------


@pytest.mark.parametrize(
    ("intent", "language", "expected"),
    [
        ("complaint", "en", "www.cnil.fr"),
        ("complaint", "en", "the data protection authority of the country where you live or work"),
        ("complaint", "fr", "3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr"),
        ("access", "en", "structured electronic format"),
        ("access", "fr", "format électronique structuré"),
        ("portability", "en", "machine-readable"),
        ("portability", "fr", "lisible par machine"),
        ("opt_out", "en", "purchase confirmations"),
        ("opt_out", "fr", "confirmations d'achat"),
        ("deletion", "en", "you do not need to contact them yourself"),
        ("deletion", "fr", "vous n'avez pas à les contacter vous-même"),
        ("deletion", "en", "the law requires us to keep"),
        ("deletion", "fr", "la loi nous y oblige"),
    ],
)
def test_intent_section_says_what_the_policy_and_gdpr_provide(intent, language, expected):
    assert expected in render_draft(make_request(intents=[intent], language=language)).text


@pytest.mark.parametrize("language", LANGUAGES)
def test_deletion_done_leaves_what_is_kept_to_staff_until_the_company_sets_its_periods(language):
    draft = render_draft(make_request(intents=["deletion"], language=language, kind=DraftKind.FULFILMENT))
    assert len(draft.placeholders) == 1
    assert "17(3)" in draft.placeholders[0]


def test_every_template_cites_the_policy_passage_and_the_article_it_relies_on():
    env = text_environment()
    names = [name for name in env.list_templates() if name.endswith(".txt.j2")]
    assert len(names) >= 2 * (len(LABELS) + 8)
    for name in names:
        source = env.loader.get_source(env, name)[0]
        cited = re.match(r'\{#-? Policy: "([^"]+)"', source)
        assert cited, f"{name} does not say which policy passage it relies on"
        assert cited.group(1) in policy_text(), f"{name} cites {cited.group(1)!r}"
        comment = source[: source.index("#}")]
        assert re.search(r"\b(Art\.|art\.|Article)", comment), f"{name} cites no GDPR article"


# --- questions: the policy passage ----------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Do you use cookies on your website?", ["cookies"]),
        ("Combien de temps gardez-vous mes données ?", ["retention"]),
        ("Is my information sold to advertisers?", ["sharing"]),
        ("Est-ce que mes donnees sont vendues a des tiers ?", ["sharing"]),
        ("Are my data hosted outside the EU?", ["transfers"]),
        ("Quelles mesures de sécurité appliquez-vous ?", ["security"]),
        ("What personal data do you collect about me?", ["collected"]),
        ("Qui est le responsable du traitement ?", ["controller"]),
        ("Can my employer see what I do in my account?", ["administrator"]),
        ("Mon fils de 14 ans peut-il s'inscrire ?", ["children"]),
        ("What happens to my data if the company is acquired?", ["business_transfers"]),
        ("On what legal basis do you process my data?", ["legal_basis"]),
        ("Does your site honour Do Not Track?", ["do_not_track"]),
        ("Why is there a LinkedIn button on your pages?", ["widgets"]),
        ("Who are your partners?", ["partners"]),
        ("How long do you keep my data, and do you use cookies?", ["retention", "cookies"]),
        ("Do you use cookies, and how long do you keep my data?", ["cookies", "retention"]),
        ("Hello, I have a question for you.", []),
        ("", []),
    ],
)
def test_pick_topics(question, expected):
    assert [topic.name for topic in pick_topics(question)] == expected


def test_pick_topics_keeps_the_first_three():
    question = "Cookies? Retention? Do you share data? Is it secure? Who is the controller?"
    assert [topic.name for topic in pick_topics(question)] == ["cookies", "retention", "sharing"]


def test_the_shipped_policy_splits_into_its_titled_sections():
    titles = [section.title for section in policy_sections()]
    for title in (
        "What information do we collect about you?",
        "Why do we share the information we collect?",
        "How long do we keep the information for?",
        "Our policy towards children",
        "Contact us",
    ):
        assert titles.count(title) == 1
    assert "SODEPAC INTERNATIONAL" not in titles  # the company name line of the contact block


@pytest.mark.parametrize("key", sorted(PASSAGES))
def test_every_passage_exists_in_both_languages(key):
    english, french = passage(key, "en"), passage(key, "fr")
    assert english.lines and french.title and french.lines
    for line in english.lines:
        assert line in policy_text()


def test_every_topic_points_to_known_passages():
    for topic in TOPICS:
        assert topic.passages and all(key in PASSAGES for key in topic.passages), topic.name


@pytest.mark.parametrize("language", LANGUAGES)
def test_question_quotes_the_matching_passage(language):
    question = {"en": "Do you use cookies?", "fr": "Utilisez-vous des cookies ?"}[language]
    draft = render_draft(make_request(intents=["question"], language=language, new_text=question))
    for line in passage("cookies", language).lines:
        assert f"> {line}" in draft.text
    assert draft.placeholders == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_question_without_a_known_topic_asks_staff_for_the_passage(language):
    draft = render_draft(make_request(intents=["question"], language=language, new_text="Bonjour !"))
    assert len(draft.placeholders) == 1
    assert ">" not in draft.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("question", ["How long do you keep my data?", "Is my data hosted abroad?"])
def test_question_the_policy_leaves_open_asks_staff_to_complete(question, language):
    draft = render_draft(make_request(intents=["question"], language=language, new_text=question))
    assert len(draft.placeholders) == 1
    assert "> " in draft.text


# --- other: the right contact ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("I would like a quote for 200 pallets.", "sales"),
        ("Pourriez-vous m'envoyer un devis ?", "sales"),
        ("Please find my CV attached for the logistics job.", "careers"),
        ("Veuillez trouver ma candidature spontanée.", "careers"),
        ("Invoice 2024-118 is wrong, we were charged twice.", "invoices"),
        ("Notre facture n'est pas correcte.", "invoices"),
        ("I cannot log in, the application shows an error.", "support"),
        ("Le logiciel ne fonctionne plus depuis hier.", "support"),
        ("Lovely weather today.", ""),
    ],
)
def test_pick_team(text, team):
    assert pick_team(text) == team


@pytest.mark.parametrize("language", LANGUAGES)
def test_other_points_to_the_configured_contact_and_asks_staff_only_without_one(language):
    request = make_request(intents=["other"], language=language, new_text="A quote please")
    configured = render_draft(request, CompanyInfo(sales_contact="sales@sodepac.com, +33 3 20 00 00 01"))
    unset = render_draft(request)

    assert "sales@sodepac.com, +33 3 20 00 00 01" in configured.text
    assert configured.placeholders == []
    assert len(unset.placeholders) == 1


# --- subject --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "language", "expected"),
    [
        ("My data", "en", f"Re: My data [{REFERENCE}]"),
        ("Re: My data", "en", f"Re: My data [{REFERENCE}]"),
        ("RE: Re: re: My data", "en", f"Re: My data [{REFERENCE}]"),
        ("RE : Mes données", "fr", f"Re: Mes données [{REFERENCE}]"),
        ("Re[2]: AW: My data", "en", f"Re: My data [{REFERENCE}]"),
        (f"Re: My data [{REFERENCE}]", "en", f"Re: My data [{REFERENCE}]"),
        (f"Re: [{REFERENCE}] My data", "en", f"Re: My data [{REFERENCE}]"),
        (f"Re: {REFERENCE} My data", "en", f"Re: My data [{REFERENCE}]"),
        ("", "en", f"Re: {DEFAULT_SUBJECTS['en']} [{REFERENCE}]"),
        ("", "fr", f"Re: {DEFAULT_SUBJECTS['fr']} [{REFERENCE}]"),
        ("Re:", "fr", f"Re: {DEFAULT_SUBJECTS['fr']} [{REFERENCE}]"),
        ("Fwd: My data", "en", f"Re: Fwd: My data [{REFERENCE}]"),
        ("Hello\r\nBcc: x@y", "en", f"Re: Hello Bcc: x@y [{REFERENCE}]"),
        ("a\u2028b\tc\x00d", "en", f"Re: a b c d [{REFERENCE}]"),
    ],
)
def test_reply_subject(subject, language, expected):
    assert reply_subject(subject, REFERENCE, language) == expected


def test_a_very_long_subject_is_shortened_at_a_word():
    subject = reply_subject("word " * 100, REFERENCE, "en")
    assert len(subject) < 200
    assert subject.endswith(f"word… [{REFERENCE}]")


# --- hostile input --------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_template_syntax_from_the_requester_is_shown_literally(language):
    draft = render_draft(
        make_request(
            language=language,
            requester_name="{{ 7*7 }}",
            subject="{{ 7*7 }}",
            intents=["question"],
            new_text="{{ 7*7 }} {% for x in y %}",
        )
    )
    assert lines_of(draft.text)[0] == f"{GREETING[language]} {{{{ 7*7 }}}},"
    assert draft.subject == f"Re: {{{{ 7*7 }}}} [{REFERENCE}]"
    assert "49" not in draft.text and "49" not in draft.subject
    assert "{{ 7*7 }}" in visible_text(draft.html)


def test_a_name_with_block_syntax_is_shown_literally():
    draft = render_draft(make_request(requester_name="{% for x in y %}{% endfor %}"))
    assert lines_of(draft.text)[0] == "Hello {% for x in y %}{% endfor %},"


def test_markup_in_the_name_is_escaped_in_html():
    draft = render_draft(make_request(requester_name="<script>alert(1)</script>"))
    assert "<script>" not in draft.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in draft.html
    assert "Hello <script>alert(1)</script>," in draft.text  # plain text shows it as typed


def test_markup_in_the_subject_is_escaped_in_the_html_title():
    draft = render_draft(make_request(subject="</title><img src=x onerror=alert(1)>"))
    assert "<img" not in draft.html


@pytest.mark.parametrize("subject", ["Hello\r\nBcc: x@y", "Hello\nBcc: x@y", "Hello\rBcc: x@y", "A\x85B"])
def test_no_line_break_reaches_the_subject(subject):
    draft = render_draft(make_request(subject=subject))
    assert not re.search(r"[\r\n\x85\u2028\u2029]", draft.subject)


def test_a_name_with_line_breaks_stays_on_the_greeting_line():
    draft = render_draft(make_request(requester_name="Jane\r\n\r\n> [[quoted]]\nDoe"))
    assert lines_of(draft.text)[0] == "Hello Jane > [[quoted]] Doe,"


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ lipsum.__globals__ }}",
        "{{ [].append(1) }}",
    ],
)
@pytest.mark.parametrize("environment", [text_environment, html_environment])
def test_templates_cannot_reach_python_internals(environment, source):
    with pytest.raises(SecurityError):
        environment().from_string(source).render()


@pytest.mark.parametrize("environment", [text_environment, html_environment])
def test_a_missing_value_fails_instead_of_rendering_blank(environment):
    with pytest.raises(UndefinedError):
        environment().from_string("Hello {{ requester_nmae }},").render(requester_name="Jane")


# --- placeholders ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nothing to add.", []),
        ("Keep [[STAFF: name the period]] here.", ["[[STAFF: name the period]]"]),
        ("[[STAFF: a]] and [[STAFF: b]] and [[STAFF: a]]", ["[[STAFF: a]]", "[[STAFF: b]]"]),
        ("half edited [[staff: confirm the email\nnext line", ["[[staff: confirm the email"]),
        ("[[ STAFF : spaced ]]", ["[[ STAFF : spaced ]]"]),
        ("[[not a placeholder]] and [STAFF: single brackets]", []),
    ],
)
def test_find_placeholders(text, expected):
    assert find_placeholders(text) == expected


# --- HTML alternative -----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_says_the_same_as_the_text(language):
    draft = render_draft(
        make_request(
            intents=["complaint", "opt_out", "question"],
            language=language,
            new_text="cookies",
        )
    )
    shown = visible_text(html_lib.unescape(draft.html))
    for line in lines_of(draft.text):
        assert line.removeprefix("- ").removeprefix("> ") in shown, line
    assert f'<html lang="{language}">' in draft.html
    assert draft.html.count("<mark") == len(draft.placeholders)
