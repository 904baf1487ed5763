"""What a message mentions that staff must check before answering it.

A request made for someone else needs proof of authority (GDPR Art. 12(6) lets the
controller ask for information confirming identity); a child's data calls for the
holder of parental responsibility (Art. 8); a named authority means a complaint is
coming (Art. 77); a reference finds the record; a deadline the writer names is
compared with the one month of Art. 12(3). None of this decides anything on its
own: it is shown to the person who approves the reply.

Token patterns run on blank spaCy pipelines (no pretrained model is installed),
regular expressions handle what has a fixed shape, `phonenumbers` handles phones.

One module per kind: `contacts` (emails, phones), `identifiers` (references), `dates`
(deadlines), `people` (names), `scope` (a minor's data, a request made for someone else),
`authorities`; `tokenizer` holds the blank pipelines the token patterns run on.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from intents.entities.authorities import named_authorities
from intents.entities.contacts import emails, phones
from intents.entities.dates import deadlines
from intents.entities.identifiers import references
from intents.entities.people import named_people, person_cues
from intents.entities.scope import is_minor_noun, minor_patterns, on_behalf_patterns, phrases
from intents.entities.tokenizer import PIPELINES, blank_pipeline
from intents.types import Entities


def extract_entities(text: str, *, sender: str = "", language: str = "en") -> Entities:
    """Every kind of `Entities` mentioned in `text` (`to_json()` is what a ticket stores).

    `sender` (an address or a phone number) is left out of `emails` and `phones`: staff
    already have it. `language` ("en" or "fr"; anything else is read as English) picks the
    tokenizer and the phrases looked for.
    """
    language = language if language in PIPELINES else "en"
    doc = blank_pipeline(language).make_doc(text)
    matches = _token_matches(doc, language)
    return Entities(
        emails=emails(text, sender),
        phones=phones(text, sender, language),
        people=named_people(doc, matches["PERSON_CUE"]),
        references=references(text),
        authorities=named_authorities(doc, language),
        minor=phrases(matches["MINOR"]),
        on_behalf=phrases(matches["ON_BEHALF"]),
        deadlines=deadlines(text),
    )


@lru_cache(maxsize=len(PIPELINES))
def _token_matcher(language: str) -> Matcher:
    matcher = Matcher(blank_pipeline(language).vocab)
    matcher.add("PERSON_CUE", person_cues(language))
    matcher.add("MINOR", minor_patterns(language))
    matcher.add("ON_BEHALF", on_behalf_patterns(language))
    return matcher


def _token_matches(doc: Doc, language: str) -> dict[str, list[Span]]:
    """The longest non-overlapping spans of each label."""
    by_label: dict[str, list[Span]] = {"PERSON_CUE": [], "MINOR": [], "ON_BEHALF": []}
    for span in _token_matcher(language)(doc, as_spans=True):
        if span.label_ != "MINOR" or is_minor_noun(span):
            by_label[span.label_].append(span)
    return {label: filter_spans(spans) for label, spans in by_label.items()}
