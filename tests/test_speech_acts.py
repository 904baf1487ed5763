"""The hard cases of mail nobody tuned to (issue 12): what the writer is doing, not which words appear.

Every message here was written for these tests; none comes from the training data, the holdouts or
the shared evaluation sets.
"""

from __future__ import annotations

import pytest

from intents.classifier import IntentClassifier


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    return IntentClassifier.load()


VENDOR_PITCH = (
    "Hello privacy team,\n\nAre erasure and access requests eating your week? PrivaFlow reads every "
    "data subject request, checks the requester's identity and drafts the answer for you. Companies "
    "like yours cut their response time by 70%.\n\nCan I book you a 15-minute demo on Thursday?\n\n"
    "Best,\nNadia Ferris\nSales, PrivaFlow"
)
NEWSLETTER = (
    "PRIVACY DIGEST - November edition\n\n1. Regulators fine a retailer for ignoring deletion requests\n"
    "2. How to answer a subject access request in 30 days\n3. Webinar: the right to object and profiling\n\n"
    "You receive this digest because you subscribed on our website."
)
OUT_OF_OFFICE = (
    "I am away from the office until 14 December with no access to my email. For anything urgent "
    "please call the front desk.\n\nRegards,\nOwen Blake"
)


@pytest.mark.parametrize(("subject", "body"), [
    ("Cut your DSAR workload in half", VENDOR_PITCH),
    ("Privacy Digest", NEWSLETTER),
    # Known failure of model 20261204-224701 (issue 12): its primary model reads the subject's erasure request
    # over the out-of-office body. The service's noise rules (RFC 3834 headers) still file real auto-replies
    # before they are classified; strict, so a model that fixes it says so.
    pytest.param("Out of office: Re: Please delete my personal data", OUT_OF_OFFICE,
                 marks=pytest.mark.xfail(strict=True, reason="model 20261204-224701 reads the subject's request")),
])
def test_mail_that_names_rights_without_asking_is_other(classifier, subject, body):
    result = classifier.classify(subject, body)
    assert result.primary == "other", result
    assert result.intents == {"other"}


@pytest.mark.parametrize(("body", "expected"), [
    ("Hi, how would I go about getting my account deleted? Is there a form, or do I just write to you?",
     "question"),
    ("Hi, please delete my account and everything attached to it. Thanks.", "deletion"),
    ("Bonjour, comment faut-il faire pour demander une copie de mes données ? Faut-il envoyer une pièce "
     "d'identité ?", "question"),
    ("Bonjour, merci de m'envoyer une copie des données que vous détenez sur moi.", "access"),
])
def test_asking_how_a_right_works_is_not_exercising_it(classifier, body, expected):
    assert classifier.classify("", body).primary == expected


def test_keep_the_newsletter_delete_the_old_account_is_a_partial_erasure(classifier):
    body = ("Hello, I'm happy to keep getting your newsletter at this address, but please delete my old work "
            "account (j.hale@oldfirm.example) and the data on it: I left that company in 2023.")
    result = classifier.classify("Old account", body)
    assert result.primary == "deletion"
    assert "opt_out" not in result.intents


SOMEONE_ELSES_DATA = (
    "Hello,\n\nThe delivery confirmation you emailed me this morning contains another customer's name, home "
    "address and phone number instead of mine. I have not shared it with anyone. This should not happen with "
    "people's personal details.\n\nKaren Wills"
)


def test_someone_elses_data_sent_to_me_is_a_complaint_not_a_rectification(classifier):
    result = classifier.classify("Your email this morning", SOMEONE_ELSES_DATA)
    assert result.primary == "complaint"


def test_a_subject_that_reads_like_a_correction_does_not_turn_the_breach_report_into_one(classifier):
    """The subject's words say rectification; the primary model, which now decides, reads the breach report."""
    result = classifier.classify("Wrong customer's details in your email", SOMEONE_ELSES_DATA)
    assert result.primary == "complaint"
    assert result.decision_rule == "model_reading"


def test_unsubscribe_and_erase_in_a_short_note_answers_the_erasure_first(classifier):
    result = classifier.classify("", "unsubscribe me and wipe my account too pls")
    assert result.primary == "deletion"
    assert {"deletion", "opt_out"} <= result.intents


@pytest.mark.parametrize(("subject", "body", "expected"), [
    ("German", "Ich möchte Auskunft über meine Daten.", "access"),
    ("", "Quiero que borren mis datos, por favor.", "deletion"),
    ("", "Vorrei disiscrivermi dalla vostra newsletter.", "opt_out"),
    ("Verzoek", "Verwijder alstublieft mijn account en al mijn gegevens.", "deletion"),
    ("", "Bitte berichtigen Sie meine Adresse, sie ist falsch.", "rectification"),
    ("Beschwerde", "Ich beschwere mich: Sie haben meine Adresse ohne meine Zustimmung an eine andere Firma "
     "weitergegeben.", "complaint"),
    ("", "Presento una queja: siguen enviándome publicidad después de darme de baja.", "complaint"),
])
def test_plain_requests_in_other_languages_get_their_primary_and_stay_flagged(classifier, subject, body, expected):
    result = classifier.classify(subject, body)
    assert result.language not in ("en", "fr")
    assert result.primary == expected
    assert result.needs_review
    assert any("not supported" in reason for reason in result.review_reasons)


@pytest.mark.parametrize(("subject", "body", "asked", "grievance"), [
    ("Relance", "Bonjour, je me permets de vous relancer concernant ma demande de suppression du 3 mars. "
     "Pourriez-vous me dire où elle en est ? Merci d'avance.", "deletion", False),
    ("", "Hi, just following up on my access request from 2 May. Could you let me know where it stands? "
     "Thanks, Priya", "access", False),
    ("Demande ignorée", "C'est inadmissible : cela fait trois mois que j'ai demandé la suppression de mon "
     "compte et vous m'écrivez encore. Je saisis la CNIL.", "deletion", True),
    ("Still waiting", "This is the third time I ask you to delete my account. Two months and nothing. "
     "I am reporting you to the ICO.", "deletion", True),
])
def test_a_polite_reminder_is_its_request_and_a_grievance_is_a_complaint_first(classifier, subject, body, asked,
                                                                                 grievance):
    # TAXONOMY: a reminder without grievance carries the request alone; a grievance repeating a request is
    # {complaint, request}, complaint first. A reminder's words are complaint cues too, so a complaint needs
    # the set model's own score (decision.complaint_threshold).
    result = classifier.classify(subject, body)
    assert asked in result.intents
    assert ("complaint" in result.intents) is grievance
    assert result.primary == ("complaint" if grievance else asked)


def test_review_margin_from_the_config_flags_close_calls_and_passes_clear_ones():
    # The model trained with issue 12's data leads with access at 0.59 on the vague note (0.69 likely):
    # the configured margin must be above that for the note to count as a close call.
    strict = IntentClassifier.load(review_margin=0.7)
    clear, torn = strict.classify_many([
        ("", "Please delete my account and all the data attached to it."),
        ("", "hi so about the emails and the account thing from before, can you sort it"),
    ])
    assert not clear.needs_review and clear.margin >= 0.7
    assert torn.needs_review and torn.margin < 0.7
    assert any("close call" in reason for reason in torn.review_reasons)


def test_shipped_model_is_calibrated_on_held_out_written_mail(classifier):
    for lang in ("en", "fr"):
        calibration = classifier.calibration[lang]
        assert calibration["held_out"] > 50
        assert 0.2 <= calibration["temperature"] <= 4.0
        # The flag leaves at least `review_least_kept` of the calibration slice unflagged (calibration.choose_flag;
        # the slice is harder than mail: holdouts keep more).
        assert calibration["held_out_not_flagged"] >= classifier.meta.get("review_least_kept", 0.8)
        assert calibration["held_out_not_flagged"] >= 0.75
        assert calibration["held_out_accuracy_not_flagged"] >= 0.85


@pytest.mark.parametrize(("subject", "body", "expected"), [
    ("Re: My access request", "Hi, just a gentle nudge on the copy of my data I asked for on 2 November. No rush, "
     "just checking it's in the queue. Thanks, Priya", "access"),
    ("", "This is the third time I'm writing about the copy of my data I requested in September. Nobody answers. "
     "This is unacceptable and I will complain to the ICO.", "complaint"),
])
def test_a_polite_reminder_continues_the_request_and_an_angry_one_is_a_complaint(classifier, subject, body, expected):
    assert classifier.classify(subject, body).primary == expected


def test_a_french_polite_reminder_is_a_close_call_for_a_person(classifier):
    """Known confusion: "relance" is a complaint word in the rules; the model disagrees, so a person decides."""
    result = classifier.classify("", "Bonjour, petite relance concernant ma demande de copie de mes données du "
                                     "3 novembre. Merci d'avance, Julie")
    assert "access" in result.intents
    assert result.primary == "access" or result.needs_review


@pytest.mark.parametrize(("subject", "body", "expected"), [
    ("Re: Your data request PRIV-2026-000123", "Got it, thank you very much, that's everything I needed.", "other"),
    ("", "c plus la bonne adresse mail, mettez a jour svp : julie.m@exemple.fr", "rectification"),
    ("", "Bonjour, je souhaite continuer à recevoir la newsletter mais supprimez mon ancien compte professionnel svp.",
     "deletion"),
    ("Réponse automatique : Demande de suppression de mes données",
     "Je suis absente du bureau jusqu'au 15 décembre. En cas d'urgence, contactez l'accueil.", "other"),
    ("", "Comment puis-je faire supprimer mon compte ? Il faut remplir un formulaire ?", "question"),
])
def test_thanks_sms_french_partial_scope_auto_replies_and_how_to_questions(classifier, subject, body, expected):
    assert classifier.classify(subject, body).primary == expected
