"""Data protection authorities the writer names: a complaint to one may be coming (GDPR Art. 77)."""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from intents.entities.tokenizer import PIPELINES, blank_pipeline

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


@lru_cache(maxsize=len(PIPELINES))
def _authority_matchers(language: str) -> tuple[PhraseMatcher, PhraseMatcher]:
    nlp = blank_pipeline(language)
    by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    for name, phrases in _AUTHORITIES.items():
        by_lower.add(name, [nlp.make_doc(phrase) for phrase in phrases])
    by_spelling = PhraseMatcher(nlp.vocab)
    for name, phrases in _AUTHORITIES_CASE_SENSITIVE.items():
        by_spelling.add(name, [nlp.make_doc(phrase) for phrase in phrases])
    return by_lower, by_spelling


def named_authorities(doc: Doc, language: str) -> list[str]:
    spans = [span for matcher in _authority_matchers(language) for span in matcher(doc, as_spans=True)]
    return list(dict.fromkeys(span.label_ for span in sorted(filter_spans(spans), key=lambda span: span.start)))
