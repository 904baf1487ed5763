"""What a message mentions, as staff see it beside the request before approving a reply."""

import json
import time

import pytest

from intents.entities import extract_entities
from intents.types import ENTITY_KINDS, Deadline, Entities, Reference


@pytest.mark.parametrize(
    ("text", "sender", "expected"),
    [
        pytest.param(
            "Please also write to my lawyer at Claire.Moreau@avocats.example.",
            "anna@example.com",
            ["Claire.Moreau@avocats.example"],
            id="en_address_in_text",
        ),
        pytest.param(
            "Merci de répondre à anna@example.com et à mon mari paul@example.fr",
            "Anna Martin <ANNA@example.com>",
            ["paul@example.fr"],
            id="fr_sender_address_left_out_whatever_its_case",
        ),
    ],
)
def test_emails(text: str, sender: str, expected: list[str]) -> None:
    assert extract_entities(text, sender=sender).to_json()["emails"] == expected


@pytest.mark.parametrize(
    ("text", "language", "sender", "expected"),
    [
        pytest.param("You can call me on 07911 123456.", "en", "", ["+447911123456"], id="en_uk_mobile"),
        pytest.param("Mon numéro : 06 12 34 56 78.", "fr", "", ["+33612345678"], id="fr_mobile"),
        pytest.param(
            "I live in Lyon now: 01 23 45 67 89.", "en", "", ["+33123456789"], id="en_text_french_national_number"
        ),
        pytest.param(
            "Appelez-moi au +44 20 7123 4567.", "fr", "", ["+442071234567"], id="fr_text_international_number"
        ),
        pytest.param(
            "Invoice FA-2025-0042 of 15/12/2025, customer 4471-A.", "en", "", [], id="references_are_not_phones"
        ),
        pytest.param(
            "Call me on +33 6 12 34 56 78, or my husband on 06 98 76 54 32.",
            "fr",
            "+33612345678",
            ["+33698765432"],
            id="sender_phone_left_out",
        ),
    ],
)
def test_phones(text: str, language: str, sender: str, expected: list[str]) -> None:
    assert extract_entities(text, sender=sender, language=language).to_json()["phones"] == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        pytest.param("Please delete the account of my son Lucas Martin.", "en", ["Lucas Martin"], id="en_son"),
        pytest.param(
            "I write on behalf of my mother, Jeanne Petit, who is in hospital.",
            "en",
            ["Jeanne Petit"],
            id="en_on_behalf_of_my_mother",
        ),
        pytest.param("My client Mr John Smith objects.", "en", ["John Smith"], id="en_client_with_title"),
        pytest.param("My 14-year-old daughter Emma signed up.", "en", ["Emma"], id="en_name_after_age_and_kinship"),
        pytest.param("My son Jean-Pierre Martin.", "en", ["Jean-Pierre Martin"], id="en_hyphenated_first_name"),
        pytest.param("Je vous écris pour ma fille Emma.", "fr", ["Emma"], id="fr_fille"),
        pytest.param("J'agis au nom de ma mère, Jeanne Petit.", "fr", ["Jeanne Petit"], id="fr_au_nom_de_ma_mere"),
        pytest.param("Mon fils mineur Lucas est inscrit.", "fr", ["Lucas"], id="fr_fils_mineur"),
        pytest.param("Pour le compte de M. Jean DUPONT.", "fr", ["Jean DUPONT"], id="fr_pour_le_compte_de"),
        pytest.param("My son wants his data. Please help.", "en", [], id="en_kinship_without_a_name"),
        pytest.param("Ma fille. Merci de supprimer.", "fr", [], id="fr_kinship_without_a_name"),
    ],
)
def test_people(text: str, language: str, expected: list[str]) -> None:
    assert extract_entities(text, language=language).to_json()["people"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("My customer number 4471-A.", [{"kind": "customer", "value": "4471-A"}], id="en_customer"),
        pytest.param("n° client : C123456", [{"kind": "customer", "value": "C123456"}], id="fr_numero_client"),
        pytest.param("About order #88812.", [{"kind": "order", "value": "88812"}], id="en_order_hash"),
        pytest.param("la facture FA-2025-0042", [{"kind": "invoice", "value": "FA-2025-0042"}], id="fr_facture"),
        pytest.param("account ID: u-77123", [{"kind": "account", "value": "u-77123"}], id="en_account_id"),
        pytest.param(
            "numéro de commande 2024/5531", [{"kind": "order", "value": "2024/5531"}], id="fr_numero_de_commande"
        ),
        pytest.param("contract no. CT-0091", [{"kind": "contract", "value": "CT-0091"}], id="en_contract"),
        pytest.param("mon contrat n° 55120", [{"kind": "contract", "value": "55120"}], id="fr_contrat"),
        pytest.param("Our contract 2023 ended; my order 500 units.", [], id="years_and_quantities_are_not_refs"),
        pytest.param("Please delete my account and cancel my order.", [], id="words_without_a_number"),
    ],
)
def test_references(text: str, expected: list[dict[str, str]]) -> None:
    assert extract_entities(text).to_json()["references"] == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        pytest.param("I will report you to the ICO.", "en", ["ICO"], id="en_ico"),
        pytest.param("a complaint with the Information Commissioner's Office", "en", ["ICO"], id="en_ico_full_name"),
        pytest.param("je vais saisir la cnil", "fr", ["CNIL"], id="fr_cnil_lower_case"),
        pytest.param("l'EDPB et le CEPD", "fr", ["EDPB"], id="fr_edpb_and_cepd_are_one"),
        pytest.param(
            "I will contact the data protection authority and the AEPD.",
            "en",
            ["data protection authority", "AEPD"],
            id="en_generic_and_spanish",
        ),
        pytest.param(
            "une plainte auprès de l'autorité de contrôle", "fr", ["data protection authority"], id="fr_generic"
        ),
        pytest.param("Datatilsynet, the Garante and the BfDI", "en", ["Datatilsynet", "Garante", "BfDI"], id="eu"),
        pytest.param("Je me porte garante pour lui.", "fr", [], id="fr_garante_the_word"),
    ],
)
def test_authorities(text: str, language: str, expected: list[str]) -> None:
    assert extract_entities(text, language=language).to_json()["authorities"] == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        pytest.param("My 14-year-old daughter signed up.", "en", ["My 14-year-old daughter"], id="en_age_and_kinship"),
        pytest.param("The account was opened by a child.", "en", ["child"], id="en_child"),
        pytest.param("My son is a minor.", "en", ["a minor"], id="en_a_minor"),
        pytest.param("He was under 16 at the time.", "en", ["under 16"], id="en_under_16"),
        pytest.param("This is a minor issue.", "en", [], id="en_minor_the_adjective"),
        pytest.param("My 45-year-old son.", "en", [], id="en_adult_age"),
        pytest.param("Il s'agit de mon fils mineur.", "fr", ["mon fils mineur"], id="fr_fils_mineur"),
        pytest.param(
            "un enfant de moins de 16 ans", "fr", ["enfant de moins de 16 ans"], id="fr_enfant_moins_de_16_ans"
        ),
        pytest.param("ma fille de 14 ans", "fr", ["ma fille de 14 ans"], id="fr_fille_de_14_ans"),
        pytest.param("Client depuis 15 ans.", "fr", [], id="fr_years_as_customer"),
    ],
)
def test_minor(text: str, language: str, expected: list[str]) -> None:
    assert extract_entities(text, language=language).to_json()["minor"] == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        pytest.param("I write on behalf of my father.", "en", ["on behalf of"], id="en_on_behalf_of"),
        pytest.param("I act as the legal guardian of Lucas.", "en", ["as the legal guardian"], id="en_legal_guardian"),
        pytest.param(
            "My client holds a lasting power of attorney.",
            "en",
            ["My client", "lasting power of attorney"],
            id="en_client_and_attorney",
        ),
        pytest.param("au nom de mon père", "fr", ["au nom de"], id="fr_au_nom_de"),
        pytest.param("pour le compte de la société", "fr", ["pour le compte de"], id="fr_pour_le_compte_de"),
        pytest.param(
            "en tant que représentant légal de Lucas",
            "fr",
            ["en tant que représentant légal"],
            id="fr_representant_legal",
        ),
        pytest.param(
            "Mon client m'a donné procuration.", "fr", ["Mon client", "procuration"], id="fr_client_procuration"
        ),
        pytest.param("Please delete my own account.", "en", [], id="en_own_request"),
    ],
)
def test_on_behalf(text: str, language: str, expected: list[str]) -> None:
    assert extract_entities(text, language=language).to_json()["on_behalf"] == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        pytest.param("Reply within 30 days.", "en", [{"text": "within 30 days", "date": None}], id="en_within"),
        pytest.param(
            "I expect an answer by 15 December 2025.",
            "en",
            [{"text": "by 15 December 2025", "date": "2025-12-15"}],
            id="en_by_date",
        ),
        pytest.param(
            "no later than December 1, 2025",
            "en",
            [{"text": "no later than December 1, 2025", "date": "2025-12-01"}],
            id="en_month_first",
        ),
        pytest.param(
            "within one month, as the law says",
            "en",
            [{"text": "within one month", "date": None}],
            id="en_within_one_month",
        ),
        pytest.param("Réponse sous 15 jours.", "fr", [{"text": "sous 15 jours", "date": None}], id="fr_sous"),
        pytest.param(
            "avant le 31/12/2025 au plus tard",
            "fr",
            [{"text": "avant le 31/12/2025", "date": "2025-12-31"}],
            id="fr_avant_le",
        ),
        pytest.param("à traiter sous huitaine", "fr", [{"text": "sous huitaine", "date": None}], id="fr_huitaine"),
        pytest.param(
            "d'ici le 1er mars 2026", "fr", [{"text": "d'ici le 1er mars 2026", "date": "2026-03-01"}], id="fr_dici"
        ),
        pytest.param(
            "avant le 15 janvier", "fr", [{"text": "avant le 15 janvier", "date": None}], id="fr_date_without_year"
        ),
        pytest.param("I bought it in 2024 within the shop.", "en", [], id="en_no_deadline"),
    ],
)
def test_deadlines(text: str, language: str, expected: list[dict[str, str | None]]) -> None:
    assert extract_entities(text, language=language).to_json()["deadlines"] == expected


@pytest.mark.parametrize("language", ["en", "fr"])
def test_message_mentioning_nothing_has_every_kind_empty(language: str) -> None:
    entities = extract_entities("Hello, please stop sending me newsletters. Bonjour, merci.", language=language)
    assert entities == Entities()
    assert entities.to_json() == {kind: [] for kind in ENTITY_KINDS}


def test_result_can_be_stored_as_json() -> None:
    text = "On behalf of my son Lucas (14 years old), customer number 4471-A, reply by 15/12/2025 or CNIL."
    entities = extract_entities(text, sender="parent@example.com", language="en")
    stored = json.loads(json.dumps(entities.to_json()))
    assert Entities.from_json(stored) == entities
    assert stored["references"] == [{"kind": "customer", "value": "4471-A"}]
    assert entities.references == [Reference("customer", "4471-A")] and entities.representative == "parent"


def test_what_earlier_versions_stored_is_read_back_without_failing() -> None:
    """Tickets keep the entities of the version that filed them: an unknown key (the requester's text,
    once kept here) or a value of the wrong shape is left out, never an error."""
    stored = {"question_text": "How long do you keep my data?", "people": ["Lucas", 7], "minor": "son",
              "references": [{"kind": "order"}, {"kind": "order", "value": "48213"}, "x"],
              "deadlines": [{"text": "within 14 days", "date": None}, {"date": "2026-01-01"}]}
    entities = Entities.from_json(stored)
    assert entities == Entities(people=["Lucas"], references=[Reference("order", "48213")],
                                deadlines=[Deadline("within 14 days", None)])
    assert Entities.from_json(None) == Entities.from_json([]) == Entities()


def test_a_follow_up_adds_what_it_mentions_once() -> None:
    order = Reference("order", "48213")
    merged = Entities(people=["Lucas"], references=[order]).merged(
        Entities(people=["Lucas", "Emma"], references=[order], minor=["my son"]))
    assert merged == Entities(people=["Lucas", "Emma"], references=[order], minor=["my son"])


def test_unknown_language_is_read_as_english() -> None:
    assert extract_entities("on behalf of my son Lucas", language="de").to_json()["people"] == ["Lucas"]


def test_long_word_does_not_stall_extraction() -> None:
    """Regression: the address pattern once retried from every letter of a long word (quadratic time)."""
    started = time.perf_counter()
    extract_entities("a" * 100_000)
    assert time.perf_counter() - started < 2.0
