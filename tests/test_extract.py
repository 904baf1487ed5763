"""The new text of a message: what the classifier reads, so what it must not miss or over-read."""

import pytest

from assistant.mail.extract import extract_new_text

CASES = [
    pytest.param(
        "Hi,\nPlease delete my account.\nThanks, Anna\n\n"
        "On Mon, 3 Nov 2025 at 10:12, SODEPAC Privacy <privacy@sodepac.example> wrote:\n"
        "> Dear customer,\n> here is our newsletter.\n",
        "Hi,\nPlease delete my account.\nThanks, Anna",
        id="en_gmail_attribution",
    ),
    pytest.param(
        "Please stop.\n\nOn Mon, Nov 3, 2025 at 10:12 AM SODEPAC Privacy Team\n"
        "<privacy@sodepac.example> wrote:\n> Dear customer,\n",
        "Please stop.",
        id="en_attribution_wrapped_over_two_lines",
    ),
    pytest.param(
        "Bonjour,\nmerci de supprimer mon compte.\n\n"
        "Le lun. 3 nov. 2025 à 10:12, SODEPAC Privacy <privacy@sodepac.example> a écrit :\n"
        "> Bonjour,\n> voici notre lettre.\n",
        "Bonjour,\nmerci de supprimer mon compte.",
        id="fr_gmail_attribution",
    ),
    pytest.param(
        "Je maintiens ma demande.\n\nLe lun. 3 nov. 2025 à 10:12, Service Confidentialité SODEPAC <\n"
        "privacy@sodepac.example> a écrit :\n> Bonjour,\n",
        "Je maintiens ma demande.",
        id="fr_attribution_wrapped_over_two_lines",
    ),
    pytest.param(
        "Toujours aucune réponse.\n\nLe 03/11/2025 10:12, Service client a écrit :\n> Bonjour\n",
        "Toujours aucune réponse.",
        id="fr_thunderbird_attribution",
    ),
    pytest.param(
        "On Monday you wrote: we never share data.\nYet I got a partner's mail. Explain.",
        "On Monday you wrote: we never share data.\nYet I got a partner's mail. Explain.",
        id="en_writer_sentence_like_an_attribution_is_kept",
    ),
    pytest.param(
        "> Do you still want the newsletter?\nNo, remove me.\n> And your account?\nDelete it too.",
        "No, remove me.\nDelete it too.",
        id="inline_reply_keeps_writer_lines",
    ),
    pytest.param(
        "Please erase my data.\n\n-----Original Message-----\nFrom: SODEPAC\nSent: Monday\n\nold text",
        "Please erase my data.",
        id="en_outlook_original_message",
    ),
    pytest.param(
        "Merci d'effacer mes données.\n\n-----Message d'origine-----\nDe : SODEPAC\nEnvoyé : lundi\n\nancien",
        "Merci d'effacer mes données.",
        id="fr_outlook_message_d_origine",
    ),
    pytest.param(
        "I asked twice already.\n\n________________________________\n"
        "From: SODEPAC Privacy <privacy@sodepac.example>\nSent: Monday, 3 November 2025 10:12\n"
        "To: Anna Smith\nSubject: RE: my data\n\nDear Anna, ...",
        "I asked twice already.",
        id="en_outlook_header_block",
    ),
    pytest.param(
        "Je vous ai déjà écrit.\n\nDe : SODEPAC Privacy <privacy@sodepac.example>\n"
        "Envoyé : lundi 3 novembre 2025 10:12\nÀ : Anne Martin\nObjet : RE: mes données\n\nBonjour...",
        "Je vous ai déjà écrit.",
        id="fr_outlook_header_block",
    ),
    pytest.param(
        "Please see my request below, still unanswered.\n\n---------- Forwarded message ---------\n"
        "From: Anna Smith <anna@example.com>\nDate: Mon, 3 Nov 2025\nSubject: access\n"
        "To: privacy@sodepac.example\n\nPlease send me a copy of my data.",
        "Please see my request below, still unanswered.",
        id="en_forward_keeps_the_intro",
    ),
    pytest.param(
        "Voir ci-dessous.\n\n-------- Message transféré --------\nSujet : accès\n"
        "De : Anne <anne@example.fr>\n\nMerci de m'envoyer mes données.",
        "Voir ci-dessous.",
        id="fr_thunderbird_forward_keeps_the_intro",
    ),
    pytest.param(
        "Pour info\n\nDébut du message réexpédié :\n\nDe : Anne <anne@example.fr>\n"
        "Objet : accès\nDate : 3 novembre 2025\n\nMerci de m'envoyer mes données.",
        "Pour info",
        id="fr_apple_mail_forward",
    ),
    pytest.param(
        "FYI\n\nBegin forwarded message:\n\nFrom: Anna <anna@example.com>\nSubject: access\n"
        "Date: 3 November 2025\n\nSend me my data.",
        "FYI",
        id="en_apple_mail_forward",
    ),
    pytest.param(
        "---------- Forwarded message ---------\nFrom: Anna Smith <anna@example.com>\n"
        "Date: Mon, 3 Nov 2025\nSubject: access\nTo: privacy@sodepac.example\n\n"
        "Please send me a copy of my data.",
        "Please send me a copy of my data.",
        id="forward_without_intro_falls_back_to_forwarded_text",
    ),
    pytest.param(
        "Please delete my data.\n\nAnna\n-- \nAnna Smith | Buyer | +44 20 7946 0000",
        "Please delete my data.\n\nAnna",
        id="signature_delimiter",
    ),
    pytest.param(
        "Delete my account please\n\nSent from my iPhone", "Delete my account please", id="en_iphone"
    ),
    pytest.param("Get Outlook for Android\n", "Get Outlook for Android", id="mobile_signature_alone_is_kept"),
    pytest.param(
        "Stop the emails.\n\nGet Outlook for Android<https://aka.ms/ghei36>",
        "Stop the emails.",
        id="en_get_outlook",
    ),
    pytest.param(
        "Supprimez mon compte svp\n\nEnvoyé de mon iPhone", "Supprimez mon compte svp", id="fr_iphone"
    ),
    pytest.param(
        "Désinscrivez-moi.\n\nEnvoyé depuis mon appareil Galaxy", "Désinscrivez-moi.", id="fr_envoye_depuis"
    ),
    pytest.param(
        "Please delete my data.\n\nJohn Carter\n\n"
        "This email and any attachments are confidential and intended solely for the addressee. "
        "If you received this in error, please delete it and notify the sender.",
        "Please delete my data.\n\nJohn Carter",
        id="en_confidentiality_disclaimer",
    ),
    pytest.param(
        "Please delete my data.\nCONFIDENTIALITY NOTICE:\nThe information in this message may be privileged.",
        "Please delete my data.",
        id="en_disclaimer_in_the_same_paragraph",
    ),
    pytest.param(
        "Merci de supprimer mes données.\n\nPaul Girard\n\n"
        "Ce message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive "
        "de ses destinataires.\nSi vous avez reçu ce message par erreur, merci de le supprimer.\n\n"
        "Pensez à l'environnement avant d'imprimer ce message.",
        "Merci de supprimer mes données.\n\nPaul Girard",
        id="fr_confidentiality_disclaimer",
    ),
    pytest.param(
        "Is this yours? I never subscribed.\n\n"
        "You are receiving this email because you signed up on our website.\n\n"
        "SODEPAC, 1 rue de la Paix, 75002 Paris\n\nUnsubscribe",
        "Is this yours? I never subscribed.",
        id="en_newsletter_footer_with_address",
    ),
    pytest.param(
        "Pourquoi je reçois ça ?\n\nVous recevez cet e-mail car vous êtes inscrit à notre lettre.\n"
        "Se désabonner",
        "Pourquoi je reçois ça ?",
        id="fr_newsletter_footer",
    ),
    pytest.param(
        "Hello,\n\nTo unsubscribe click here: https://news.example/u/123",
        "Hello,",
        id="en_unsubscribe_link_footer",
    ),
    pytest.param(
        "Hi,\n\nPlease unsubscribe me from your newsletter.\n\nThanks,\nAnna",
        "Hi,\n\nPlease unsubscribe me from your newsletter.\n\nThanks,\nAnna",
        id="writers_own_unsubscribe_request_survives",
    ),
    pytest.param(
        "Bonjour\n\nSe désabonner\n\nMerci",
        "Bonjour\n\nSe désabonner\n\nMerci",
        id="writers_own_se_desabonner",
    ),
    pytest.param("unsubscribe", "unsubscribe", id="one_word_message"),
    pytest.param(
        "Your mail said 'You are receiving this email because you are a customer'. I am not one.",
        "Your mail said 'You are receiving this email because you are a customer'. I am not one.",
        id="footer_sentence_quoted_by_writer_is_kept",
    ),
    pytest.param(
        "> Please delete my account.\n> Thanks\n",
        "Please delete my account.\nThanks",
        id="whole_message_quoted_falls_back_to_unquoted_text",
    ),
    pytest.param(
        "Line one\r\nLine two\r\n\r\n\r\n\r\nLine three", "Line one\nLine two\n\nLine three", id="crlf"
    ),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_extract_new_text(body: str, expected: str) -> None:
    assert extract_new_text(body) == expected


def test_text_with_no_writer_text_at_all_stays_empty() -> None:
    assert extract_new_text("  \n\n ") == ""
