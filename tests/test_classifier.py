"""The intent classifier on the mail that trips up keyword matching.

Every text here was written for these tests. The model is loaded once per session.
"""

from __future__ import annotations

import json

import pytest

from assistant.mail.extract import extract_new_text
from intents.classifier import DecisionSettings, IntentClassifier, newest_model_dir, original_subject
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
    # The decision settings it was measured with travel with it (intents/configs/workflow.toml [decision]).
    assert 0.0 < meta["decision"]["label_threshold"] < 1.0
    assert set(meta["decision"]) == set(DecisionSettings.__dataclass_fields__)


# -- request cues (intents/cues/) -------------------------------------------------------------------

def cue_labels(classifier: IntentClassifier, subject: str, body: str) -> set[str]:
    """The labels the writer asks for in so many words, as the classifier's cue finder reads them."""
    from intents.classifier import message_text, subject_chars

    lang = classifier.detect_language(f"{subject}\n{body}")
    doc = classifier.pipelines[lang](message_text(subject, body))
    return {cue.label for cue in classifier._cue_finder(lang).find(doc, subject_chars(subject))}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Please wipe every record you keep about me.", {"deletion"}),
        ("I do not want my account deleted. Take me off the mailing list instead.", {"opt_out"}),
        ("If this reached you by mistake, kindly delete it and tell the sender.", set()),
        ("Merci d'effacer toutes mes donnees, je ne suis plus client.", {"deletion"}),
        ("Je ne veux plus recevoir vos offres par courrier.", {"opt_out"}),
        ("Je m'oppose à ce que mes coordonnées servent à de la prospection commerciale.", {"opt_out"}),
        ("Je m'oppose à la transmission de mes données à vos partenaires.", {"objection"}),
        ("Could you send me a copy of all the personal data you keep on me?", {"access"}),
        ("My phone number on file is wrong, please correct it.", {"rectification"}),
        ("This is the third reminder about my request and still no answer. Unacceptable.", {"complaint"}),
    ],
)
def test_request_cues(classifier, body, expected):
    assert cue_labels(classifier, "", body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "In your reply, also tell me about my rights to rectification, erasure, restriction and objection.",
        "Conformément à la loi, vous disposez d'un droit d'accès, de rectification et d'effacement.",
        "To stop receiving this bulletin, click here to unsubscribe or manage your preferences.",
        "Should you fail to reply within a month, I will lodge a complaint with the ICO.",
        "I reserve the right to refer the matter to the supervisory authority.",
        "I am thinking about asking you to erase my account, but first: what would I lose?",
    ],
)
def test_mentions_warnings_and_hypotheses_are_not_requests(classifier, body):
    assert cue_labels(classifier, "", body) == set()


def test_claimed_list_of_rights_is_a_request(classifier):
    body = "I exercise my rights of access and erasure: send me a copy of my data, then delete it."
    assert {"access", "deletion"} <= cue_labels(classifier, "", body)


def test_boilerplate_list_of_rights_adds_no_label(classifier):
    body = ("Dear Sir or Madam,\n\nI am writing to ask for a copy of the personal data your company holds about me, "
            "under Article 15 of the GDPR. When you answer, please also inform me of my rights to rectification, "
            "erasure and restriction of processing, and of the source of the data.\n\nYours faithfully,\nAnne Ruiz")
    result = read(classifier, "Access to my data", body)
    assert result.intents == {"access"}


def test_first_letter_warning_is_not_a_complaint(classifier):
    body = ("Madame, Monsieur,\n\nEn application de l'article 17 du RGPD, je vous demande d'effacer mon compte "
            "client et toutes les données qui s'y rattachent. À défaut de réponse sous un mois, je saisirai la "
            "CNIL.\n\nCordialement,\nLéa Roux")
    result = read(classifier, "", body)
    assert result.intents == {"deletion"}


def test_unsubscribe_in_the_subject_and_erasure_asked_answers_the_erasure_first(classifier):
    """TAXONOMY: unsubscribe and delete is an erasure first, whichever the subject line names."""
    body = ("Please stop sending me your promotional emails. Also, remove all the data you keep about me "
            "from your systems.")
    for subject in ("Unsubscribe", ""):
        result = read(classifier, subject, body)
        assert result.intents == {"opt_out", "deletion"}
        assert (result.primary, result.decision_rule) == ("deletion", "deletion_over_opt_out")


def test_a_polite_reminder_in_the_subject_keeps_the_request_first(classifier):
    """Issue 12: a polite reminder is not a complaint; the request it repeats is what the reply answers."""
    body = "I asked you in March to correct my surname, it is Varga and not Vargas. Please fix it."
    result = read(classifier, "Second reminder: correction of my name", body)
    assert "rectification" in result.intents
    assert result.primary == "rectification"


def test_french_without_accents_reminder_is_a_complaint(classifier):
    body = ("bonjour, je vous ai demande il y a deux mois de me desinscrire de votre newsletter et je la recois "
            "toujours. c'est inadmissible, merci de me retirer de vos listes")
    result = read(classifier, "", body)
    assert result.intents == {"complaint", "opt_out"}
    assert result.primary == "complaint"


# Known failure of model 20261204-224701 (issue 12): the set is right again ({objection, rectification}: no
# opt-out for "stop passing my details"), but the primary model, which decides, answers the address change
# first. Strict, so a model that reads the objection first says so.
@pytest.mark.xfail(strict=True, reason="model 20261204-224701 answers the rectification first")
def test_first_request_is_primary_when_nothing_else_decides(classifier):
    body = ("First of all, stop passing my details to your distribution partners. Secondly, my postal address "
            "has changed to 9 Quay Street, Hull HU1 1AA: please update it.")
    result = read(classifier, "", body)
    assert result.intents == {"objection", "rectification"}
    assert result.primary == "objection"


def test_complaint_about_a_delivery_is_not_a_privacy_complaint(classifier):
    body = ("Hello,\n\nI wish to complain: the twelve crates of fittings we ordered arrived a week late and three "
            "of them were crushed. We expect a credit note.\n\nTom Greaves\nBuyer, Greaves Hydraulics")
    result = read(classifier, "Complaint about order 4471", body)
    assert result.intents == {"other"}


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Complaint", "Your van blocked our loading bay for an hour this morning. Poor service, frankly."),
        ("Réclamation", "Livraison arrivée avec trois jours de retard et cartons mouillés. Service décevant."),
        # Known failure of model 20261204-224701: its primary model, which decides, reads a complaint here.
        # Moving its complaint to `other` when no privacy word is written cost 0.5-0.8 points elsewhere.
        pytest.param("Very unhappy", "Half the order arrived damaged and nobody called back. I want a discount.",
                     marks=pytest.mark.xfail(strict=True, reason="model 20261204-224701 reads a complaint")),
    ],
)
def test_grievance_about_service_with_no_privacy_word_is_not_a_privacy_complaint(classifier, subject, body):
    assert read(classifier, subject, body).intents == {"other"}


# -- phrasing families without the usual keywords -------------------------------------------------

@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("I never agreed to hear from you. Who sold you my email address?", {"access"}),
        ("Please tell me which details you hold on file for my company account.", {"access"}),
        ("Please confirm whether or not you process data about me.", {"access"}),
        ("hi how do i unsubsribe??", {"opt_out"}),
        ("Invoices are fine, but nothing promotional any more please.", {"opt_out"}),
        ("Three more offers arrived since I unsubscribed in May.", {"complaint", "opt_out"}),
        ("Your sales calls at dinner time are pure harassment.", {"complaint"}),
        ("Please do not use my tickets to train your AI models.", {"objection"}),
        ("I don't want my purchase history analysed to personalise what I see.", {"objection"}),
        ("Erase the segments and scores you built about me.", {"deletion"}),
        ("Kindly stop building a profile of me from my clicks.", {"objection"}),
        ("That's the fifth mail since I opted out.", {"complaint", "opt_out"}),
        ("Your agents rang me twice more after I told them to stop. It is harassment.", {"complaint"}),
    ],
)
def test_request_cues_without_the_usual_keywords(classifier, body, expected):
    assert cue_labels(classifier, "", body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "To stop receiving these offers, reply STOP or UNSUBSCRIBE.",
        "Catalogue 2025 is out now. Text END to unsubscribe from these alerts.",
        "What would happen to my order history if your company were taken over?",
    ],
)
def test_sender_footers_and_hypotheticals_ask_nothing(classifier, body):
    assert cue_labels(classifier, "", body) == set()


def test_if_you_do_takes_up_the_question_it_follows(classifier):
    body = "Please confirm whether you keep data on me and, if you do, send me a copy of it."
    assert cue_labels(classifier, "", body) == {"access"}


def test_reply_to_an_identity_check_continues_the_earlier_request(classifier):
    body = "As requested, my passport scan is attached. My client number is C-40912."
    result = read(classifier, "Re: Erasure request", body)
    assert result.primary == "deletion"


def test_question_in_a_reply_to_an_answered_request_is_a_question(classifier):
    body = ("Many thanks, the spreadsheet arrived. Just curious: do you keep the delivery addresses in it "
            "for long after an order?")
    result = read(classifier, "Re: Copy of my personal data", body)
    assert result.intents == {"question"}


def test_objection_to_ai_training_is_not_an_erasure(classifier):
    body = "Hello,\n\nI object to my support chats being used to train your language models. Exclude me please.\n\nAnn"
    result = read(classifier, "Training data", body)
    assert result.primary == "objection"
    assert "deletion" not in result.intents


def test_copy_then_erasure_reads_both_and_answers_the_copy_asked_first(classifier):
    """Both requests are read; the copy, asked first and needed before the erasure, is answered first (the
    declared "erasure over a copy" rule cost accuracy under cross-validation and was dropped)."""
    body = ("Send me a copy of everything you hold about me. Once I have it, erase my account and all my data "
            "for good.")
    result = read(classifier, "", body)
    assert {"access", "deletion"} <= result.intents
    assert result.primary == "access"


def test_transfer_in_the_subject_comes_before_the_erasure(classifier):
    body = "Please move my files to my new supplier in a machine-readable format and then close my account."
    result = read(classifier, "Data transfer, then account closure", body)
    assert result.primary == "portability"


def test_bulk_sender_footer_does_not_make_a_sales_pitch_an_opt_out(classifier):
    body = ("Hi there,\n\nOur team runs half-day workshops on supplier audits. Shall we book a slot for your "
            "buyers?\n\nReply STOP to opt out of further messages.")
    result = read(classifier, "Supplier audit workshops", body)
    assert result.intents == {"other"}


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: Erasure request", "Erasure request"),
        ("RE: Fwd: Copy of my data", "Copy of my data"),
        ("TR : Demande d'accès", "Demande d'accès"),
        ("Request for my data", "Request for my data"),
        ("", ""),
    ],
)
def test_original_subject_drops_reply_and_forward_prefixes(subject, expected):
    assert original_subject(subject) == expected


def test_reply_subject_is_not_read_as_the_new_request(classifier):
    body = ("Thanks, all received and clear. Out of interest, which of your offices stores the archived orders? "
            "I'm curious whether it is in the EU.")
    result = read(classifier, "Re: Fwd: Data access request", body)
    assert result.primary == "question"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Wipe me from your database please, I left the company.", {"deletion"}),
        ("I would like my old profile and photos deleted.", {"deletion"}),
        ("That video of me on your careers page: take it down.", {"deletion"}),
        ("I do not want my account deleted, I still use it.", set()),
        ("Kindly confirm you will never email me again with offers.", {"opt_out"}),
        ("Mon ancien numéro traîne encore dans vos fichiers, merci de le supprimer.", {"deletion"}),
        ("Je demande que mes coordonnées soient effacées de votre base.", {"deletion"}),
        ("J'aimerais que vous modifiiez mon adresse de livraison, j'ai déménagé.", {"rectification"}),
        ("Je vous prie de ne plus vendre mes données à qui que ce soit.", {"objection"}),
        ("Engagez-vous à ne plus m'envoyer de promotions.", {"opt_out"}),
        ("Expliquez-moi comment vous les avez obtenues, mes coordonnées.", {"access"}),
        ("Effacez tout ce que vous détenez sur moi.", {"deletion"}),
        ("Cessez de communiquer mes informations à vos filiales.", {"objection"}),
        ("Bonjour, qu'avez-vous sur moi depuis 2020 ?", {"access"}),
        ("À qui les avez-vous vendues, mes coordonnées ?", {"access"}),
        ("Who have you passed my number to?", {"access"}),
        ("Vous n'avez jamais répondu à ma demande de suppression. C'est inadmissible.", {"complaint", "deletion"}),
        ("Nobody has acknowledged my erasure request. This is unacceptable.", {"complaint", "deletion"}),
    ],
)
def test_request_cues_with_pronouns_passives_and_promises(classifier, body, expected):
    assert cue_labels(classifier, "", body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Who at your firm receives erasure requests, and by what route should I send mine?",
        "Comment faut-il formuler une demande de portabilité, et à quelle adresse l'envoyer ?",
    ],
)
def test_question_about_how_to_make_a_request_makes_none(classifier, body):
    assert cue_labels(classifier, "", body) == set()
    assert read(classifier, "", body).intents == {"question"}
