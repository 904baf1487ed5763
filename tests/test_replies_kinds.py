"""The reply set by stage: every kind of draft, the writer's register, the company's facts.

What a requester reads at each step of their request (GDPR Art. 12): what we will do and by
when, what we did, why we refuse, why we need more time; and what staff still have to add.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime

import pytest

from intents import LABELS
from intents.types import Entities
from replies import DraftKind, DraftRequest, EarlierRequest, render_draft
from replies.gallery import SAMPLE_COMPANY
from replies.register import Register, detect_register, salutation
from replies.render import ANSWERED_BY_THE_REPLY, compose_sections

REFERENCE = "PRIV-2026-000123"
RECEIVED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DUE = datetime(2026, 4, 2, 23, 59, tzinfo=UTC)
DUE_TEXT = {"en": "2 April 2026", "fr": "2 avril 2026"}
CNIL_ADDRESS = "3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr"
COMPANY = SAMPLE_COMPANY  # the example facts of the gallery: a [company] section filled in
# Texts whose topic or team the drafting recognises, so that only case knowledge is left to staff.
NEW_TEXT = {
    "question": "How long do you keep my data?",
    "other": "I would like a quote for 300 pallets.",
}
STAFF_KINDS = (DraftKind.CLARIFICATION, DraftKind.EXTENSION_NOTICE, DraftKind.REFUSAL)


def make_request(**changes) -> DraftRequest:
    values = {
        "reference": REFERENCE,
        "language": "en",
        "intents": ["access"],
        "requester_email": "sam.taylor@example.net",
        "requester_name": "Sam Taylor",
        "subject": "My data",
        "received_at": RECEIVED,
        "due_at": DUE,
    }
    values.update(changes)
    return DraftRequest(**values)


def complete_request(kind: DraftKind, intent: str, language: str) -> DraftRequest:
    """What staff give each kind: the note for their own kinds, the files for a fulfilment."""
    return make_request(
        kind=kind,
        intents=[intent],
        language=language,
        new_text=NEW_TEXT.get(intent, ""),
        staff_note="Our note." if kind in STAFF_KINDS else "",
        attachments=["data-export.zip"] if kind is DraftKind.FULFILMENT else [],
        extension_months=2 if kind is DraftKind.EXTENSION_NOTICE else 0,
    )


def paragraphs(text: str) -> list[str]:
    return [chunk.strip() for chunk in text.split("\n\n") if chunk.strip()]


# --- every kind, every intent, both languages ---------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("intent", LABELS)
@pytest.mark.parametrize("kind", list(DraftKind))
def test_with_the_company_section_filled_only_case_knowledge_is_left_to_staff(kind, intent, language):
    draft = render_draft(complete_request(kind, intent, language), COMPANY)

    # A complaint's answer (what went wrong, what was done) is known only to the person handling it.
    by_design = intent == "complaint" and kind not in STAFF_KINDS
    assert len(draft.placeholders) == (1 if by_design else 0), draft.placeholders
    assert REFERENCE in draft.text
    assert "{{" not in draft.text and "{%" not in draft.text


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("kind", STAFF_KINDS)
def test_the_staff_kinds_ask_for_the_staff_note_when_it_is_missing(kind, language):
    draft = render_draft(make_request(kind=kind, language=language), COMPANY)
    assert len(draft.placeholders) == 1


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("kind", list(DraftKind))
def test_the_identity_paragraph_appears_exactly_when_identity_is_pending(kind, language):
    heading = {"en": "Confirming it is you", "fr": "Vérifier qu'il s'agit bien de vous"}[language]
    for pending in (True, False):
        draft = render_draft(make_request(kind=kind, language=language, identity_pending=pending), COMPANY)
        assert (heading in draft.text) is pending
        if pending:
            assert "sam.taylor@example.net" in draft.text
            assert ("identity document" in draft.text) or ("pièce d'identité" in draft.text)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_headings_appear_only_when_several_intents_are_combined(language):
    single = compose_sections(make_request(language=language, intents=["deletion"]))
    combined = compose_sections(make_request(language=language, intents=["deletion", "opt_out"]))
    assert [s.heading for s in single if s.intent] == [""]
    assert all(s.heading for s in combined if s.intent)


# --- the first sentence ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "kind", "intents", "first"),
    [
        ("en", DraftKind.ACKNOWLEDGEMENT, ["access"],
         "We will send you a copy of your personal data by 2 April 2026 at the latest."),
        ("fr", DraftKind.ACKNOWLEDGEMENT, ["deletion"],
         "Nous allons supprimer vos données personnelles au plus tard le 2 avril 2026."),
        ("en", DraftKind.FULFILMENT, ["deletion"],
         f"We have deleted your personal data, as you asked on 2 March 2026 (reference {REFERENCE})."),
        ("fr", DraftKind.FULFILMENT, ["access"],
         f"Nous avons préparé une copie de vos données personnelles, comme vous nous l'avez demandé le 2 mars 2026 "
         f"(référence {REFERENCE})."),
        ("en", DraftKind.IDENTITY_REQUEST, ["portability"],
         "We will send you your personal data in a portable format as soon as we have the confirmation we ask "
         "for below."),
        ("en", DraftKind.REFUSAL, ["deletion"],
         f"We have decided not to delete your personal data, as you asked on 2 March 2026 (reference {REFERENCE}), "
         "for the reasons below."),
    ],
)
def test_the_first_sentence_says_what_we_did_or_will_do_and_by_when(language, kind, intents, first):
    draft = render_draft(make_request(language=language, kind=kind, intents=intents), COMPANY)
    assert paragraphs(draft.text)[1] == first


# --- opt-out: in effect at once ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("intents", [["opt_out"], ["objection"]])
def test_an_opt_out_already_suppressed_is_confirmed_done_with_no_deadline_and_no_identity_step(intents, language):
    draft = render_draft(make_request(language=language, intents=intents, kind=DraftKind.FULFILMENT,
                                      suppressed=True, new_text="Stop your marketing emails."), COMPANY)
    words = {"en": ("We have", "do-not-contact list"), "fr": ("Nous avons", "liste d'opposition")}[language]
    assert paragraphs(draft.text)[1].startswith(words[0])
    assert words[1] in draft.text
    for absent in (DUE_TEXT[language], "month", "mois", "Confirming", "Vérifier", "identity", "identité"):
        assert absent not in draft.text, absent
    assert draft.placeholders == []


def test_a_mixed_request_says_the_unsubscribe_is_done_and_asks_identity_only_for_the_rest():
    draft = render_draft(make_request(intents=["access", "opt_out"], kind=DraftKind.IDENTITY_REQUEST,
                                      suppressed=True, identity_pending=True), COMPANY)
    text = draft.text
    assert paragraphs(text)[1].startswith("We have already removed sam.taylor@example.net from our promotional")
    assert "Before we send you a copy of your personal data, we need to be sure" in text


# --- representatives ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_parent_asking_to_delete_a_childs_data_is_addressed_as_parent_and_gets_the_childrens_commitment(language):
    draft = render_draft(make_request(language=language, intents=["deletion"], representative="parent",
                                      kind=DraftKind.ACKNOWLEDGEMENT), COMPANY)
    expected = {
        "en": ("your child's personal data", "parental responsibility", "children under 16"),
        "fr": ("données personnelles de votre enfant", "autorité parentale", "moins de 16 ans"),
    }[language]
    for words in expected:
        assert words in draft.text, words
    assert ("your personal data" not in draft.text) and ("vos données personnelles" not in draft.text)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_someone_writing_for_another_person_is_asked_for_a_mandate(language):
    draft = render_draft(make_request(language=language, intents=["access"], representative="third_party"))
    assert ("mandate signed by that person" in draft.text) or ("mandat signé par cette personne" in draft.text)
    assert "children" not in draft.text and "enfant" not in draft.text


# --- complaints about an earlier request ---------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("overdue", [True, False])
def test_a_complaint_about_an_earlier_request_acknowledges_the_delay_and_keeps_its_deadline(overdue, language):
    earlier_due = datetime(2026, 2, 1, tzinfo=UTC) if overdue else datetime(2026, 3, 20, tzinfo=UTC)
    earlier = EarlierRequest("PRIV-2026-000050", datetime(2026, 1, 1, tzinfo=UTC), earlier_due)
    draft = render_draft(make_request(language=language, intents=["complaint"], kind=DraftKind.ANSWER,
                                      earlier_request=earlier), COMPANY)
    due_text = {("en", True): "1 February 2026", ("fr", True): "1er février 2026",
                ("en", False): "20 March 2026", ("fr", False): "20 mars 2026"}[(language, overdue)]
    assert "PRIV-2026-000050" in paragraphs(draft.text)[1] and due_text in paragraphs(draft.text)[1]
    assert CNIL_ADDRESS in draft.text
    assert draft.placeholders == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_complaint_always_states_the_right_to_complain_to_the_cnil(language):
    draft = render_draft(make_request(language=language, intents=["complaint"], kind=DraftKind.ANSWER))
    assert CNIL_ADDRESS in draft.text
    assert "If you are not satisfied" not in draft.text and "Si notre réponse ne vous satisfait pas" not in draft.text


# --- staff actions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_refusal_gives_the_reasons_the_cnil_and_the_courts(language):
    draft = render_draft(make_request(language=language, kind=DraftKind.REFUSAL, intents=["deletion"],
                                      staff_note="the invoices of an open dispute must be kept"), COMPANY)
    assert "the invoices of an open dispute must be kept" in draft.text
    assert CNIL_ADDRESS in draft.text
    assert ("take the matter to court" in draft.text) or ("saisir la justice" in draft.text)


@pytest.mark.parametrize(("language", "months", "words"), [("en", 2, "by 2 months"), ("fr", 1, "de 1 mois")])
def test_an_extension_notice_gives_the_new_date_the_length_and_the_reason(language, months, words):
    draft = render_draft(make_request(language=language, kind=DraftKind.EXTENSION_NOTICE, extension_months=months,
                                      staff_note="twelve years of orders to collect"), COMPANY)
    assert words in draft.text and DUE_TEXT[language] in draft.text
    assert "twelve years of orders to collect" in draft.text and "12(3)" in draft.text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_deletion_confirmation_says_what_is_kept_and_who_was_informed(language):
    draft = render_draft(make_request(language=language, kind=DraftKind.FULFILMENT, intents=["deletion"],
                                      recipients_informed=["hosting provider", "payment processor"]), COMPANY)
    retention = COMPANY.retention_fr if language == "fr" else COMPANY.retention_en
    for line in retention:
        assert f"- {line}" in draft.text
    assert "17(3)" in draft.text and "19" in draft.text
    assert "hosting provider" in draft.text and "payment processor" in draft.text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_copy_of_the_data_names_its_files_and_the_retention_periods(language):
    draft = render_draft(make_request(language=language, kind=DraftKind.FULFILMENT, intents=["access"],
                                      attachments=["export.csv", "emails.zip"]), COMPANY)
    assert "export.csv" in draft.text and "emails.zip" in draft.text
    assert (COMPANY.retention_fr if language == "fr" else COMPANY.retention_en)[0] in draft.text


# --- questions answered from the policy and the company's facts --------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("question", "fact"), [
    ("How long do you keep my data?", "retention"),
    ("Is my data hosted outside the EU?", "storage"),
    ("Who is your DPO?", "dpo"),
])
def test_a_question_on_a_company_fact_is_answered_from_the_company_section(question, fact, language):
    draft = render_draft(make_request(language=language, intents=["question"], kind=DraftKind.ANSWER,
                                      new_text=question), COMPANY)
    expected = {"retention": (COMPANY.retention_fr if language == "fr" else COMPANY.retention_en)[0],
                "storage": COMPANY.storage_fr if language == "fr" else COMPANY.storage_en,
                "dpo": COMPANY.dpo}[fact]
    assert expected in draft.text
    assert draft.placeholders == []
    assert "> " in draft.text  # the policy passage is quoted as well


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_question_the_policy_does_not_answer_says_so_plainly(language):
    draft = render_draft(make_request(language=language, intents=["question"], kind=DraftKind.ANSWER,
                                      new_text="Do you have a bicycle parking?"), COMPANY)
    assert ("does not answer this question" in draft.text) or ("ne répond pas directement" in draft.text)
    assert len(draft.placeholders) == 1


def test_the_reply_reads_the_new_text_never_what_older_versions_stored_in_the_entities():
    stored = Entities.from_json({"question_text": "How long do you keep my data?"})
    draft = render_draft(make_request(intents=["question"], kind=DraftKind.ANSWER, new_text="Do you use cookies?",
                                      entities=stored))
    assert "cookies" in draft.text and "How long we keep" not in draft.text


# --- hostile values stay data ---------------------------------------------------------------------------


def test_staff_notes_and_file_names_are_shown_literally_on_one_line():
    draft = render_draft(make_request(kind=DraftKind.FULFILMENT, intents=["access"],
                                      attachments=["{{ 7*7 }}.csv\r\nBcc: x@y"], staff_note="{% raw %}{{ 7*7 }}"))
    assert "{{ 7*7 }}.csv Bcc: x@y" in draft.text
    assert "{% raw %}{{ 7*7 }}" in draft.text
    assert "49" not in draft.text


# --- register -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "register"),
    [
        ("Madame, Monsieur,\nJe vous prie d'agréer l'expression de mes salutations distinguées.", Register.FORMAL),
        ("Par la présente, je vous demande la suppression de mes données.", Register.FORMAL),
        ("Dear Sir or Madam, I hereby request a copy of my personal data.", Register.FORMAL),
        ("To whom it may concern: please erase my data. Yours faithfully", Register.FORMAL),
        ("hi, pls stop the newsletter thx", Register.CASUAL),
        ("Salut, vous pouvez arrêter de m'envoyer vos pubs ?", Register.CASUAL),
        ("Hey! stop emailing me!!", Register.CASUAL),
        ("Merci de supprimer mon compte !", Register.NEUTRAL),
        ("Hello, please delete my account.", Register.NEUTRAL),
        ("Bonjour, je souhaite obtenir une copie de mes données.", Register.NEUTRAL),
        ("", Register.NEUTRAL),
    ],
)
def test_detect_register(text, register):
    assert detect_register(text) is register


@pytest.mark.parametrize(
    ("text", "name", "language", "greeting", "closing"),
    [
        ("Madame, Monsieur, veuillez agréer...", "Claire Lefèvre", "fr", "Madame, Monsieur,",
         "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."),
        ("Madame, Monsieur, veuillez agréer...", "Mme Claire Lefèvre", "fr", "Bonjour Madame Lefèvre,",
         "Nous vous prions d'agréer, Madame, l'expression de nos salutations distinguées."),
        ("Je soussigné Monsieur Paul Durand, par la présente...", "Paul Durand", "fr", "Bonjour Monsieur Durand,",
         "Nous vous prions d'agréer, Monsieur, l'expression de nos salutations distinguées."),
        ("Madame, Monsieur, veuillez agréer...", "", "fr", "Madame, Monsieur,",
         "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."),
        ("salut, stp arrêtez les mails", "Claire Lefèvre", "fr", "Bonjour Claire,", "Bien cordialement,"),
        ("Bonjour, merci de supprimer mon compte.", "Claire Lefèvre", "fr", "Bonjour Claire Lefèvre,",
         "Bien cordialement,"),
        ("Maître Durand, avocat, agissant au nom de ma cliente...", "Paul Durand", "fr", "Bonjour Maître Durand,",
         "Nous vous prions d'agréer, Maître, l'expression de nos salutations distinguées."),
        ("Dear Sir or Madam, I hereby request...", "", "en", "Dear Sir or Madam,", "Yours faithfully,"),
        ("Dear Sir or Madam, I hereby request...", "Mrs Jane Doe", "en", "Dear Ms Doe,", "Yours sincerely,"),
        ("Dear Sir or Madam, I hereby request...", "Jane Doe", "en", "Dear Jane Doe,", "Yours sincerely,"),
        ("hey, pls unsubscribe me", "Jane Doe", "en", "Hello Jane,", "Kind regards,"),
        ("Hello, I'm Paul Durand and I want my data deleted.", "Paul Durand", "en", "Hello Paul Durand,",
         "Kind regards,"),
        ("Please delete my data.", "jane@example.org", "en", "Hello,", "Kind regards,"),
    ],
)
def test_salutation_follows_the_writers_register(text, name, language, greeting, closing):
    chosen = salutation(text, name, language)
    assert (chosen.greeting, chosen.closing) == (greeting, closing)


def test_a_formal_french_letter_is_answered_formally_from_greeting_to_closing():
    draft = render_draft(make_request(language="fr", requester_name="Claire Lefèvre", intents=["deletion"],
                                      new_text="Madame, Monsieur, je vous prie de supprimer mes données. "
                                               "Veuillez agréer mes salutations distinguées."), COMPANY)
    assert draft.text.startswith("Madame, Monsieur,\n")
    assert "salutations distinguées." in draft.text and "Bien cordialement" not in draft.text


@pytest.mark.parametrize("intent", sorted(ANSWERED_BY_THE_REPLY))
def test_an_answer_has_no_deadline_to_announce(intent):
    draft = render_draft(complete_request(DraftKind.ANSWER, intent, "en"), COMPANY)
    assert DUE_TEXT["en"] not in draft.text


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("kind", list(DraftKind))
def test_the_html_alternative_says_what_the_text_says(kind, language):
    draft = render_draft(make_request(kind=kind, language=language, intents=["deletion", "opt_out", "question"],
                                      new_text="Madame, Monsieur, do you use cookies? <b>x</b>", suppressed=True,
                                      identity_pending=kind is DraftKind.IDENTITY_REQUEST), COMPANY)
    shown = html_lib.unescape(re.sub(r"<[^>]+>", " ", draft.html.split("<body", 1)[1]))
    shown = re.sub(r"\s+", " ", shown)
    for line in draft.text.splitlines():
        if line.strip():
            assert line.removeprefix("- ").removeprefix("> ").strip() in shown, line


def test_a_kind_given_as_a_plain_string_is_understood_and_an_unknown_one_refused():
    as_string = render_draft(make_request(kind="fulfilment", intents=["opt_out"], suppressed=True))
    assert as_string.text == render_draft(make_request(kind=DraftKind.FULFILMENT, intents=["opt_out"],
                                                       suppressed=True)).text
    with pytest.raises(ValueError):
        render_draft(make_request(kind="thank_you"))


@pytest.mark.parametrize(("language", "shown"), [
    ("en", "our service providers (hosting, maintenance, backup, storage, payment, analytics)"),
    ("fr", "nos prestataires (hébergement, maintenance, sauvegarde, stockage, paiement, statistiques)"),
])
def test_recipient_categories_are_named_in_the_reply_language_and_other_words_kept(language, shown):
    draft = render_draft(make_request(language=language, kind=DraftKind.FULFILMENT, intents=["deletion"],
                                      recipients_informed=["service_providers", "Acme Hosting SAS"]), COMPANY)
    assert shown in draft.text and "Acme Hosting SAS" in draft.text


@pytest.fixture(scope="module")
def detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.FRENCH).build()


ENGLISH_WORDS = re.compile(r"\b(the|and|your|you|we|will|please|with|this|our|of|to|is|data)\b", re.IGNORECASE)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("kind", list(DraftKind))
@pytest.mark.parametrize("representative", ["", "parent", "third_party"])
def test_every_kind_of_reply_is_written_in_its_language(kind, representative, language, detector):
    from lingua import Language

    question = {"en": "How long do you keep my data?", "fr": "Combien de temps conservez-vous mes données ?"}
    draft = render_draft(make_request(
        language=language, kind=kind, intents=["deletion", "access", "opt_out", "objection", "question"],
        new_text=question[language], representative=representative,
        identity_pending=kind is DraftKind.IDENTITY_REQUEST, suppressed=True, staff_note="OK.",
        attachments=["export.zip", "mails.zip"], recipients_informed=["service_providers", "partners"],
        extension_months=1), COMPANY)
    expected = Language.FRENCH if language == "fr" else Language.ENGLISH
    for line in draft.text.splitlines():
        sentence = line.lstrip("-> ").strip()
        if len(sentence.split()) >= 6 and sentence.endswith((".", ":", "?", ")")):
            assert detector.detect_language_of(sentence) == expected, sentence
            if language == "fr":
                assert not ENGLISH_WORDS.search(sentence.replace("www.cnil.fr", "")), sentence
