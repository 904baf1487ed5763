"""What a message mentions that staff must check before answering it.

A request made for someone else needs proof of authority (GDPR Art. 12(6) lets the
controller ask for information confirming identity); a child's data calls for the
holder of parental responsibility (Art. 8); a named authority means a complaint is
coming (Art. 77); a reference finds the record; a deadline the writer names is
compared with the one month of Art. 12(3). None of this decides anything on its
own: it is shown to the person who approves the reply.

Token patterns run on blank spaCy pipelines (no pretrained model is installed),
regular expressions handle what has a fixed shape, `phonenumbers` handles phones.
"""

from __future__ import annotations

import re
from datetime import date
from email.utils import parseaddr
from functools import lru_cache
from typing import Any

import phonenumbers
import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from intents.types import Deadline, Entities, Reference


def extract_entities(text: str, *, sender: str = "", language: str = "en") -> Entities:
    """Every kind of `Entities` mentioned in `text` (`to_json()` is what a ticket stores).

    `sender` (an address or a phone number) is left out of `emails` and `phones`: staff
    already have it. `language` ("en" or "fr"; anything else is read as English) picks the
    tokenizer and the phrases looked for.
    """
    language = language if language in _PIPELINES else "en"
    doc = _pipeline(language).make_doc(text)
    matches = _token_matches(doc, language)
    return Entities(
        emails=_emails(text, sender),
        phones=_phones(text, sender, language),
        people=_people(doc, matches["PERSON_CUE"]),
        references=_references(text),
        authorities=_authorities(doc, language),
        minor=_phrases(matches["MINOR"]),
        on_behalf=_phrases(matches["ON_BEHALF"]),
        deadlines=_deadlines(text),
    )


# --- Emails and phones ---------------------------------------------------------------------------

# Starting only where a run of address characters starts keeps a long word from costing O(n²).
_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def _emails(text: str, sender: str) -> list[str]:
    own = parseaddr(sender)[1].lower()
    found: dict[str, str] = {}
    for match in _EMAIL.finditer(text):
        address = match.group().rstrip(".-")
        if address.lower() != own:
            found.setdefault(address.lower(), address)
    return list(found.values())


# The primary region reads national numbers ("06 12 34 56 78" in France); the other one catches a
# national number written from the other country. International numbers read the same in both.
_PHONE_REGIONS = {"fr": ("FR", "GB"), "en": ("GB", "FR")}
_MIN_PHONE_DIGITS = 6


def _phones(text: str, sender: str, language: str) -> list[str]:
    if sum(character.isdigit() for character in text) < _MIN_PHONE_DIGITS:
        return []
    regions = _PHONE_REGIONS[language]
    own = set(_e164_numbers(sender, regions)) if sender and "@" not in sender else set()
    return [number for number in _e164_numbers(text, regions) if number not in own]


def _e164_numbers(text: str, regions: tuple[str, ...]) -> list[str]:
    found: dict[str, None] = {}
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            found.setdefault(phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
    return list(found)


# --- References ----------------------------------------------------------------------------------

_REFERENCE_KINDS = {
    "customer": "customer",
    "client": "customer",
    "cliente": "customer",
    "account": "account",
    "compte": "account",
    "order": "order",
    "commande": "order",
    "invoice": "invoice",
    "facture": "invoice",
    "contract": "contract",
    "contrat": "contract",
}
_NUMBER_WORD = (
    r"(?:number|num[ée]ro|no\.?|nr\.?|n°|nº|#|ref(?:erence)?\.?|réf(?:érence)?\.?|id|identifier"
    r"|identifiant|code|is|est)(?![^\W\d_])"
)
# A reference has a digit; a bare number needs four of them and must not be a year ("contract 2023").
_REFERENCE_VALUE = r"(?P<value>(?=[\w/.-]*\d)[A-Za-z0-9](?:[\w/.-]*[A-Za-z0-9])?)"
_REFERENCE = re.compile(
    rf"(?<![\w-])(?:{_NUMBER_WORD}\s*(?:de\s+|du\s+|of\s+)?)?"
    rf"(?P<kind>{'|'.join(_REFERENCE_KINDS)})(?![^\W\d_])"
    rf"(?:[\s:]*{_NUMBER_WORD})*[\s:#]*{_REFERENCE_VALUE}",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")


def _references(text: str) -> list[Reference]:
    found: list[Reference] = []
    for match in _REFERENCE.finditer(text):
        value = match.group("value")
        if value.isdigit() and (len(value) < 4 or _YEAR.fullmatch(value)):
            continue
        reference = Reference(_REFERENCE_KINDS[match.group("kind").lower()], value)
        if reference not in found:
            found.append(reference)
    return found


# --- Deadlines -----------------------------------------------------------------------------------

_COUNT = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|ten|fourteen|fifteen|twenty|thirty|sixty|ninety"
    r"|une?|deux|trois|quatre|cinq|six|sept|huit|dix|quinze|vingt|trente|soixante|quatre-vingt-dix)"
    r"(?:\s*\(\d+\))?"
)
_UNIT = (
    r"(?:(?:business|working|calendar)\s+)?(?:days?|weeks?|months?|hours?|h)"
    r"|(?:jours?|semaines?|mois|heures?|h)(?:\s+(?:ouvrés|ouvrables|calendaires))?"
)
_MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "février": 2, "fevrier": 2, "févr": 2, "fév": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "août": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "décembre": 12, "decembre": 12, "déc": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:"
    r"(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})"
    r"|(?P<num_d>\d{1,2})[/.](?P<num_m>\d{1,2})(?:[/.](?P<num_y>\d{2}|\d{4}))?"
    rf"|(?P<day>\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:of\s+)?(?P<month>{_MONTH})\.?(?:,?\s+(?P<year>\d{{4}}))?"
    rf"|(?P<month_first>{_MONTH})\.?\s+(?P<day_after>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year_after>\d{{4}}))?"
    r")(?!\d)"
)
_DEADLINE = re.compile(
    r"\b(?:"
    rf"(?:within|in\s+the\s+next|no\s+later\s+than|not\s+later\s+than)\s+(?:the\s+)?{_COUNT}\s*(?:{_UNIT})\b"
    rf"|(?:sous|dans\s+un\s+délai\s+(?:de|d[’'])|dans\s+les|au\s+plus\s+tard\s+sous)\s*{_COUNT}\s*(?:{_UNIT})\b"
    r"|sous\s+(?:huitaine|quinzaine|48\s*h|72\s*h)\b"
    r"|(?:by|before|no\s+later\s+than|not\s+later\s+than|until|deadline\s+(?:of|is)(?:\s+the)?"
    rf"|avant\s+le|d[’']ici\s+(?:le|au)|au\s+plus\s+tard\s+le|jusqu[’']au|pour\s+le)\s+{_DATE}"
    r")",
    re.IGNORECASE,
)


def _deadlines(text: str) -> list[Deadline]:
    found: list[Deadline] = []
    for match in _DEADLINE.finditer(text):
        deadline = Deadline(match.group(), _iso_date(match))
        if deadline not in found:
            found.append(deadline)
    return found


def _iso_date(match: re.Match[str]) -> str | None:
    """The date a deadline names, day first as in Europe; None without a year or if impossible."""
    parts = match.groupdict()
    if parts["iso_y"]:
        year, month, day = parts["iso_y"], parts["iso_m"], parts["iso_d"]
    elif parts["num_d"]:
        year, month, day = parts["num_y"], parts["num_m"], parts["num_d"]
        if year and len(year) == 2:
            year = f"20{year}"
        if month and day and int(month) > 12 >= int(day):  # written month first, as in the US
            month, day = day, month
    elif parts["day"]:
        year, month, day = parts["year"], str(_MONTHS[parts["month"].lower()]), parts["day"]
    elif parts["month_first"]:
        year, month, day = parts["year_after"], str(_MONTHS[parts["month_first"].lower()]), parts["day_after"]
    else:
        return None
    if not year:
        return None
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


# --- Token patterns: people, minors, requests on behalf of someone -------------------------------

_PIPELINES = ("en", "fr")
_AGES = [str(age) for age in range(1, 18)]
_AGES_UP_TO_ADULTHOOD = [*_AGES, "18"]

_KIN_EN = [
    "son", "daughter", "child", "kid", "mother", "mum", "mom", "father", "dad", "wife", "husband",
    "partner", "brother", "sister", "grandmother", "grandfather", "grandson", "granddaughter",
    "nephew", "niece", "aunt", "uncle", "stepson", "stepdaughter", "ward", "client", "employee",
]  # fmt: skip
_KIN_FR = [
    "fils", "fille", "enfant", "mère", "père", "maman", "papa", "épouse", "femme", "mari", "époux",
    "conjoint", "conjointe", "compagnon", "compagne", "frère", "sœur", "soeur", "grand-mère",
    "grand-père", "petit-fils", "petite-fille", "neveu", "nièce", "oncle", "tante", "beau-père",
    "belle-mère", "pupille", "client", "cliente", "salarié", "salariée",
]  # fmt: skip
_CHILD_EN = ["son", "daughter", "child", "kid", "boy", "girl", "grandson", "granddaughter", "stepson",
             "stepdaughter", "children", "sons", "daughters", "kids"]  # fmt: skip
_CHILD_FR = ["fils", "fille", "enfant", "enfants", "filles", "petit-fils", "petite-fille", "garçon"]
_TITLES = {
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "m.", "mme", "mme.", "mlle",
    "monsieur", "madame", "mademoiselle", "me", "maître",
}  # fmt: skip
# Words between a cue and the name: "my son, Mr Lucas Martin", "mon fils mineur Lucas".
_BEFORE_NAME = _TITLES | {"minor", "eldest", "youngest", "mineur", "mineure", "majeur", "majeure", "aîné", "aînée",
                          "cadet", "cadette"}  # fmt: skip
_NOT_NAMES = {"i", "please", "thanks", "thank", "merci", "gdpr", "rgpd", "sodepac", "dear", "hello", "hi",
              "bonjour", "regards", "cordialement", "who", "qui", "and", "et", "the", "le", "la"}  # fmt: skip
_MAX_NAME_TOKENS = 4


def _person_cues(language: str) -> list[list[dict[str, Any]]]:
    """Words after which the name of the person a request is about is written."""
    if language == "fr":
        return [
            [{"LOWER": {"IN": ["mon", "ma", "notre", "feu", "feue"]}}, {"LOWER": {"IN": _KIN_FR}}],
            [{"LOWER": "au"}, {"LOWER": "nom"}, {"LOWER": {"IN": ["de", "d'", "d’"]}}],
            [{"LOWER": "pour"}, {"LOWER": "le"}, {"LOWER": "compte"}, {"LOWER": {"IN": ["de", "d'", "d’"]}}],
            [
                {"LOWER": {"IN": ["tuteur", "tutrice", "mandataire", "représentant", "représentante"]}},
                {"LOWER": {"IN": ["légal", "légale"]}, "OP": "?"},
                {"LOWER": {"IN": ["de", "d'", "d’"]}},
            ],
        ]
    age = [
        {"LIKE_NUM": True, "OP": "?"},
        {"ORTH": "-", "OP": "?"},
        {"LOWER": {"IN": ["year", "years"]}, "OP": "?"},
        {"ORTH": "-", "OP": "?"},
        {"LOWER": "old", "OP": "?"},
    ]
    return [
        [{"LOWER": {"IN": ["my", "our"]}}, {"LOWER": "late", "OP": "?"}, *age, {"LOWER": {"IN": _KIN_EN}}],
        [{"LOWER": "on"}, {"LOWER": "behalf"}, {"LOWER": "of"}],
        [{"LOWER": {"IN": ["guardian", "representative", "executor", "attorney"]}}, {"LOWER": {"IN": ["of", "for"]}}],
        [{"LOWER": "representing"}],
    ]


def _minor_patterns(language: str) -> list[list[dict[str, Any]]]:
    """Mentions of a child, whose data needs a holder of parental responsibility (GDPR Art. 8)."""
    if language == "fr":
        minor_words = ["mineur", "mineure", "mineurs", "mineures"]
        return [
            [{"LOWER": {"IN": ["enfant", "enfants", "adolescent", "adolescente", "adolescents", "bébé"]}}],
            [
                {"LOWER": {"IN": ["mon", "ma", "mes", "notre", "nos"]}, "OP": "?"},
                {"LOWER": {"IN": _CHILD_FR}},
                {"LOWER": {"IN": minor_words}},
            ],
            [
                {"LOWER": {"IN": ["un", "une", "des", "les", "est", "sont", "étant", "personne", "personnes"]}},
                {"LOWER": {"IN": minor_words}},
            ],
            [
                {"LOWER": {"IN": ["enfant", "enfants"]}, "OP": "?"},
                {"LOWER": "de", "OP": "?"},
                {"LOWER": "moins"},
                {"LOWER": "de"},
                {"ORTH": {"IN": _AGES_UP_TO_ADULTHOOD}},
                {"LOWER": "ans"},
            ],
            [
                {"LOWER": {"IN": ["mon", "ma", "mes"]}, "OP": "?"},
                {"LOWER": {"IN": [*_CHILD_FR, "âgé", "âgée", "âgés", "âgées"]}},
                {"LOWER": {"IN": ["âgé", "âgée"]}, "OP": "?"},
                {"LOWER": "de"},
                {"ORTH": {"IN": _AGES}},
                {"LOWER": "ans"},
            ],
        ]
    return [
        [{"LOWER": {"IN": ["child", "children", "kid", "kids", "underage", "under-age", "teenager", "teenagers"]}}],
        [
            {"LOWER": {"IN": ["my", "our"]}, "OP": "?"},
            {"ORTH": {"IN": _AGES}},
            {"ORTH": "-", "OP": "?"},
            {"LOWER": {"IN": ["year", "years", "yr"]}},
            {"ORTH": "-", "OP": "?"},
            {"LOWER": "old"},
            {"LOWER": {"IN": _CHILD_EN}, "OP": "?"},
        ],
        [{"LOWER": "aged"}, {"ORTH": {"IN": _AGES}}],
        [
            {"LOWER": "under"},
            {"LOWER": "the", "OP": "?"},
            {"LOWER": "age", "OP": "?"},
            {"LOWER": "of", "OP": "?"},
            {"ORTH": {"IN": _AGES_UP_TO_ADULTHOOD}},
        ],
        # "minor" is also an adjective ("a minor issue"): the noun is checked in _is_minor_noun.
        [
            {"LOWER": {"IN": ["my", "our", "a", "the", "as", "being", "for", "of"]}, "OP": "?"},
            {"LOWER": {"IN": _CHILD_EN}, "OP": "?"},
            {"LOWER": {"IN": ["minor", "minors"]}},
            {"LOWER": {"IN": _CHILD_EN}, "OP": "?"},
        ],
    ]


def _on_behalf_patterns(language: str) -> list[list[dict[str, Any]]]:
    """Phrases saying the writer acts for someone else, whose authority staff must check (Art. 12(6))."""
    if language == "fr":
        de = {"LOWER": {"IN": ["de", "d'", "d’"]}}
        legal = {"LOWER": {"IN": ["légal", "légale", "légaux"]}}
        return [
            [{"LOWER": "au"}, {"LOWER": "nom"}, {"LOWER": "et", "OP": "?"}, de],
            [{"LOWER": "pour"}, {"LOWER": "le"}, {"LOWER": "compte"}, de],
            [
                {"LOWER": "en"},
                {"LOWER": {"IN": ["tant", "qualité"]}},
                {"LOWER": "que", "OP": "?"},
                {"LOWER": {"IN": ["représentant", "représentante", "tuteur", "tutrice", "mandataire"]}},
                {**legal, "OP": "?"},
            ],
            [{"LOWER": {"IN": ["représentant", "représentante", "représentants"]}}, legal],
            [
                {"LOWER": {"IN": ["mon", "ma", "notre", "mes", "nos"]}},
                {"LOWER": {"IN": ["client", "cliente", "clients"]}},
            ],
            [{"LOWER": {"IN": ["procuration", "mandat", "mandataire", "tutelle", "curatelle", "tuteur", "tutrice"]}}],
            [
                {"LOWER": "titulaire"},
                {"LOWER": "de"},
                {"LOWER": {"IN": ["l'", "l’"]}},
                {"LOWER": "autorité"},
                {"LOWER": "parentale"},
            ],
            [{"LOWER": "exécuteur"}, {"LOWER": "testamentaire"}],
            [{"LOWER": "en"}, {"LOWER": {"IN": ["son", "leur"]}}, {"LOWER": "nom"}],
        ]
    return [
        [{"LOWER": "on"}, {"LOWER": "behalf"}, {"LOWER": "of"}],
        [{"LOWER": "on"}, {"LOWER": {"IN": ["his", "her", "their"]}}, {"LOWER": "behalf"}],
        [
            {"LOWER": "as", "OP": "?"},
            {"LOWER": {"IN": ["the", "his", "her", "their", "a"]}, "OP": "?"},
            {"LOWER": "legal"},
            {"LOWER": {"IN": ["guardian", "representative", "guardians", "representatives"]}},
        ],
        [
            {"LOWER": {"IN": ["authorised", "authorized"]}},
            {"LOWER": {"IN": ["representative", "agent", "third"]}},
            {"LOWER": "party", "OP": "?"},
        ],
        [{"LOWER": {"IN": ["my", "our"]}}, {"LOWER": {"IN": ["client", "clients"]}}],
        [{"LOWER": "lasting", "OP": "?"}, {"LOWER": "power"}, {"LOWER": "of"}, {"LOWER": "attorney"}],
        [{"LOWER": "letter"}, {"LOWER": "of"}, {"LOWER": "authority"}],
        [{"LOWER": "as", "OP": "?"}, {"LOWER": "the", "OP": "?"}, {"LOWER": "executor"}, {"LOWER": "of"}],
        [{"LOWER": "acting"}, {"LOWER": "for"}],
    ]


@lru_cache(maxsize=len(_PIPELINES))
def _pipeline(language: str) -> Language:
    """A blank pipeline (only a tokenizer): built once, as the first French one takes seconds."""
    return spacy.blank(language)


@lru_cache(maxsize=len(_PIPELINES))
def _token_matcher(language: str) -> Matcher:
    matcher = Matcher(_pipeline(language).vocab)
    matcher.add("PERSON_CUE", _person_cues(language))
    matcher.add("MINOR", _minor_patterns(language))
    matcher.add("ON_BEHALF", _on_behalf_patterns(language))
    return matcher


def _token_matches(doc: Doc, language: str) -> dict[str, list[Span]]:
    """The longest non-overlapping spans of each label."""
    by_label: dict[str, list[Span]] = {"PERSON_CUE": [], "MINOR": [], "ON_BEHALF": []}
    for span in _token_matcher(language)(doc, as_spans=True):
        if span.label_ != "MINOR" or _is_minor_noun(span):
            by_label[span.label_].append(span)
    return {label: filter_spans(spans) for label, spans in by_label.items()}


def _is_minor_noun(span: Span) -> bool:
    """ "a minor" the person, not "a minor issue": "minor" must not be followed by another noun."""
    if not any(token.lower_ in ("minor", "minors") for token in span):
        return True
    if span[-1].lower_ in _CHILD_EN:
        return True
    following = span.doc[span.end] if span.end < len(span.doc) else None
    return following is None or not following.is_alpha or following.lower_ in ("who", "whose", "aged", "under")


def _phrases(spans: list[Span]) -> list[str]:
    found: dict[str, str] = {}
    for span in spans:
        found.setdefault(span.text.lower(), span.text)
    return list(found.values())


def _people(doc: Doc, cues: list[Span]) -> list[str]:
    """The capitalised name written after each cue ("my son Lucas Martin", "pour ma fille Emma")."""
    stop_words = _stop_words(doc.lang_)
    found: dict[str, str] = {}
    for cue in cues:
        index = cue.end
        while index < len(doc) and (doc[index].text == "," or doc[index].lower_ in _BEFORE_NAME):
            index += 1
        start = index
        names = 0
        while index < len(doc) and names < _MAX_NAME_TOKENS:
            token = doc[index]
            if _is_name(token, stop_words):
                names += 1
                index += 1
            elif token.text == "-" and not doc[index - 1].whitespace_ and index > start and index + 1 < len(doc):
                index += 1  # "Jean-Pierre" is split into three tokens by the English tokenizer
            else:
                break
        while index > start and not _is_name(doc[index - 1], stop_words):
            index -= 1
        if names:
            name = doc[start:index].text
            found.setdefault(name.lower(), name)
    return list(found.values())


@lru_cache(maxsize=len(_PIPELINES))
def _stop_words(language: str) -> frozenset[str]:
    return frozenset(_pipeline(language).Defaults.stop_words) | _NOT_NAMES


def _is_name(token: Token, stop_words: frozenset[str]) -> bool:
    text = token.text
    return (
        text[:1].isupper()
        and all(character.isalpha() or character in "-'’" for character in text)
        and token.lower_ not in stop_words
        and token.lower_ not in _TITLES
    )


# --- Data protection authorities -----------------------------------------------------------------

# Normalised name -> the ways writers name it; matched on lower case.
_AUTHORITIES = {
    "CNIL": ["cnil", "commission nationale de l'informatique et des libertés",
             "commission nationale informatique et libertés"],
    "ICO": ["ico", "information commissioner's office", "information commissioners office",
            "information commissioner"],
    "EDPB": ["edpb", "cepd", "european data protection board", "comité européen de la protection des données"],
    "EDPS": ["edps", "european data protection supervisor"],
    "Datatilsynet": ["datatilsynet"],
    "AEPD": ["aepd", "agencia española de protección de datos", "spanish data protection agency"],
    "Garante": ["garante per la protezione dei dati personali", "garante privacy", "garante della privacy"],
    "BfDI": ["bfdi", "bundesbeauftragte für den datenschutz", "federal commissioner for data protection"],
    "LfDI": ["lfdi", "landesbeauftragte für datenschutz", "landesdatenschutzbeauftragte"],
    "DPC": ["data protection commission", "irish data protection commission"],
    "Autoriteit Persoonsgegevens": ["autoriteit persoonsgegevens"],
    "CNPD": ["cnpd"],
    "FDPIC": ["fdpic", "edöb", "pfpdt", "préposé fédéral à la protection des données"],
    "data protection authority": [
        "data protection authority", "data protection authorities", "supervisory authority",
        "supervisory authorities", "data protection regulator", "data protection agency",
        "autorité de contrôle", "autorités de contrôle", "autorité de protection des données",
    ],
}  # fmt: skip
# Acronyms that are also ordinary words in lower case ("garante" is French for guarantor).
_AUTHORITIES_CASE_SENSITIVE = {"Garante": ["Garante"], "DPC": ["DPC"], "Datenschutzbehörde": ["DSB"]}


@lru_cache(maxsize=len(_PIPELINES))
def _authority_matchers(language: str) -> tuple[PhraseMatcher, PhraseMatcher]:
    nlp = _pipeline(language)
    by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    for name, phrases in _AUTHORITIES.items():
        by_lower.add(name, [nlp.make_doc(phrase) for phrase in phrases])
    by_spelling = PhraseMatcher(nlp.vocab)
    for name, phrases in _AUTHORITIES_CASE_SENSITIVE.items():
        by_spelling.add(name, [nlp.make_doc(phrase) for phrase in phrases])
    return by_lower, by_spelling


def _authorities(doc: Doc, language: str) -> list[str]:
    spans = [span for matcher in _authority_matchers(language) for span in matcher(doc, as_spans=True)]
    return list(dict.fromkeys(span.label_ for span in sorted(filter_spans(spans), key=lambda span: span.start)))
