"""The language a message is written in decides the language of its reply."""

import pytest

from intents.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Please send me a copy of all the personal data you hold about me.", "en", id="english"),
        pytest.param("Je souhaite recevoir une copie de mes données personnelles.", "fr", id="french"),
        pytest.param("je veux supprimer mon compte svp", "fr", id="french_without_accents"),
        pytest.param("merci de me desinscrire", "fr", id="short_french_without_accents"),
        pytest.param("Bitte löschen Sie alle meine personenbezogenen Daten.", "de", id="german"),
        pytest.param("Verwijder alstublieft al mijn persoonsgegevens uit uw bestanden.", "nl", id="dutch"),
        pytest.param("Vorrei cancellare il mio account e tutti i miei dati personali.", "it", id="italian"),
        pytest.param("unsubscribe", "en", id="one_english_word"),
        pytest.param("désabonnement", "fr", id="one_french_word"),
        pytest.param("desinscription", "fr", id="one_french_word_without_accent"),
        pytest.param("STOP", "en", id="stop_falls_back_to_english"),
        pytest.param("", "en", id="empty"),
        pytest.param("  12345 !! ", "en", id="no_letters"),
        pytest.param(
            "Unsubscribe\n\nBonjour, je ne veux plus recevoir votre lettre d'information. Merci.",
            "fr",
            id="english_subject_french_body",
        ),
        pytest.param(
            "Demande RGPD\n\nHello, I would like you to delete every record you keep about me.",
            "en",
            id="french_subject_english_body",
        ),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected
