"""The intent classifier on the mail that trips up keyword matching.

Every text here was written for these tests. The model is loaded once per session.
"""

from __future__ import annotations

import json

import pytest

from assistant.mail.extract import extract_new_text
from intents.classifier import IntentClassifier, newest_model_dir
from intents.evaluate import predict_rows
from intents.types import LABELS


@pytest.fixture(scope="session")
def classifier() -> IntentClassifier:
    return IntentClassifier.load()


def read(classifier: IntentClassifier, subject: str, body: str):
    """Classify the way the service does: on the new text of the body."""
    return classifier.classify(subject, extract_new_text(body))


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("", "Please don't delete my account, just stop the emails.", {"opt_out"}),
        ("Newsletter", "Hi, I do not want my account closed. I only want to stop getting your marketing "
         "newsletters.\n\nThanks,\nPaul", {"opt_out"}),
        ("", "Ne supprimez pas mon compte, je veux juste ne plus recevoir la newsletter.", {"opt_out"}),
        ("Mon adresse", "Bonjour, inutile de supprimer quoi que ce soit : merci simplement de corriger mon adresse "
         "postale, c'est désormais 4 rue des Tanneurs, 59000 Lille.", {"rectification"}),
    ],
)
def test_negated_request_is_not_a_request(classifier, subject, body, expected):
    assert set(read(classifier, subject, body).intents) == expected


def test_quoted_old_deletion_request_does_not_count(classifier):
    body = ("Thanks for your answer. One more thing: how long do you keep invoices once a customer leaves?\n\n"
            "On 2 May 2024, at 09:14, Alan Price <alan.price@example.com> wrote:\n"
            "> Hello, please delete my account and all the data you hold about me.\n> Alan")
    result = read(classifier, "Re: your request", body)
    assert result.intents == {"question"}


def test_disclaimer_asking_to_delete_the_mail_is_not_a_deletion(classifier):
    body = ("Hello,\n\nCould you send us a quote for 300 euro pallets delivered to Roubaix in March?\n\n"
            "Best regards,\nMarc Olsen\nPurchasing, Olsen Packaging\n\n"
            "This email is confidential. If you received it in error, please notify the sender and delete it "
            "from your system.")
    result = read(classifier, "Quote request", body)
    assert result.intents == {"other"}
    assert result.primary == "other"


def test_newsletter_footer_with_unsubscribe_link_is_not_an_opt_out(classifier):
    body = ("Please correct the spelling of my surname: it is Kowalczyk, not Kowalczik.\n\n"
            "---------- Forwarded message ---------\nFrom: SODEPAC <news@sodepac.com>\n"
            "Subject: Our spring news\n\nDiscover our new warehouse robots!\n"
            "You receive this email because you subscribed. Unsubscribe | Manage your preferences")
    result = read(classifier, "Fwd: Our spring news", body)
    assert result.intents == {"rectification"}


def test_unsubscribe_and_delete_answers_deletion_first(classifier):
    result = read(classifier, "", "Unsubscribe me and delete everything you have about me.")
    assert result.intents == {"opt_out", "deletion"}
    assert result.primary == "deletion"


@pytest.mark.parametrize(
    ("body", "request_label"),
    [
        ("Five weeks ago I asked you to erase my data and you still have not done it. This is unacceptable "
         "and I am reporting you to the ICO.", "deletion"),
        ("Je vous ai demandé il y a un mois de ne plus m'envoyer de publicité et je reçois encore vos mails "
         "chaque semaine. C'est inadmissible, je vais saisir la CNIL.", "opt_out"),
    ],
)
def test_complaint_repeating_a_request_is_answered_as_a_complaint(classifier, body, request_label):
    result = read(classifier, "", body)
    assert result.intents == {"complaint", request_label}
    assert result.primary == "complaint"
    assert result.ordered_intents() == ["complaint", request_label]


def test_french_without_accents(classifier):
    result = read(classifier, "suppression", "bonjour je voudrais que vous supprimiez toutes mes donnees "
                  "personnelles et mon compte, je ne suis plus client. merci")
    assert result.primary == "deletion"
    assert result.language == "fr"


@pytest.mark.parametrize(("word", "language"), [("unsubscribe", "en"), ("STOP", "en"), ("désabonnement", "fr")])
def test_one_word_opt_out(classifier, word, language):
    result = classifier.classify("", word)
    assert result.intents == {"opt_out"}
    assert result.language == language


def test_question_is_not_combined_with_a_request(classifier):
    result = read(classifier, "", "What data do you have on me? Send me a copy, please.")
    assert result.intents == {"access"}


def test_german_letter_is_classified_and_flagged_for_review(classifier):
    body = ("Sehr geehrte Damen und Herren,\n\nhiermit verlange ich gemäß Art. 17 DSGVO die Löschung aller "
            "meiner personenbezogenen Daten und meines Kundenkontos.\n\nMit freundlichen Grüßen\nJonas Becker")
    result = read(classifier, "Löschung meiner Daten", body)
    assert result.language == "de"
    assert result.needs_review
    assert "language de not supported" in result.review_reasons


def test_empty_message_is_flagged(classifier):
    result = classifier.classify("", "   ")
    assert result.needs_review
    assert any("empty" in reason for reason in result.review_reasons)


def test_review_threshold_is_honoured(classifier):
    strict = IntentClassifier(classifier.pipelines, classifier.meta, review_threshold=1.01)
    result = strict.classify("Delete my account", "Please delete my account and all my data.")
    assert result.primary == "deletion"
    assert result.needs_review
    assert any("below the review threshold" in reason for reason in result.review_reasons)
    assert not classifier.classify("Delete my account", "Please delete my account and all my data.").needs_review


def test_results_follow_the_taxonomy_rules(classifier):
    items = [("", "Hello, I'd like a price list for your racking systems."),
             ("Cookies", "Which cookies does your website set, and for how long?"),
             ("", "Stop sharing my data with your partners and send me a copy of what you hold."),
             ("", "Merci de corriger mon nom et de me retirer de votre liste de diffusion.")]
    for result in classifier.classify_many(items):
        assert result.primary in result.intents
        assert "other" not in result.intents or result.intents == {"other"}
        assert "question" not in result.intents or result.intents == {"question"}
        assert set(result.scores) == set(LABELS)
        assert all(0.0 <= score <= 1.0 for score in result.scores.values())


def test_classify_many_keeps_the_order_of_mixed_languages(classifier):
    items = [("", "Merci de supprimer mon compte."), ("", "Please unsubscribe me from the newsletter."),
             ("", "Je souhaite une copie de mes données personnelles.")]
    results = classifier.classify_many(items)
    assert [r.language for r in results] == ["fr", "en", "fr"]
    assert [r.primary for r in results] == ["deletion", "opt_out", "access"]


def test_predict_rows_strips_quotes_before_classifying(classifier):
    rows = [{"subject": "Re: newsletter", "lang": "en",
             "body": "Yes, please send me a copy of my personal data.\n\n> Please delete everything.\n"}]
    assert predict_rows(classifier, rows)[0].intents == {"access"}


def test_shipped_model_says_what_it_is():
    meta = json.loads((newest_model_dir() / "meta.json").read_text(encoding="utf-8"))
    assert meta["labels"] == list(LABELS)
    assert set(meta["languages"]) == {"en", "fr"}
    assert len(meta["training_data_sha256"]) == 64
    assert all(0.0 < value < 1.0 for value in meta["thresholds"].values())
