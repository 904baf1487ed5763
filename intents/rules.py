"""Rules that tell the bag-of-words model which words are negated or only hypothetical.

A bag of words sees "delete" in "don't delete my account, just stop the emails" and in
"if you received this in error, please delete it" exactly as in "delete my account". The
`intent_scopes` component finds negation cues ("not", "n't", "ne", "pas", "sans"...) and
conditional cues ("if", "should you", "à défaut", "faute de"...) with a spaCy `Matcher`
and rewrites the norm of the words in their scope ("not_delete", "if_delete"). The model
reads norms, so it learns that a negated or conditional "delete" is not a request, and the
TAXONOMY rule "negation counts" holds without one hand-written rule per phrasing.

A third scope marks MENTIONS of rights that are not requests: an enumeration ("my rights to
rectification, erasure and restriction", "droit d'accès et de rectification") or a statement of
what the law grants ("you have the right to...", "vous disposez d'un droit..."). Their words get
the "list_" prefix, so neither the model nor the request cues (cues.py) read them as asked for.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, LOWER, NORM
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from assistant.mail.headers import reply_prefix_end

# Accents and typographic quotes folded away: French written without accents
# ("supprimer mes donnees") must read like French with them.
_FOLD = str.maketrans({
    "à": "a", "â": "a", "ä": "a", "á": "a", "ç": "c", "é": "e", "è": "e", "ê": "e", "ë": "e", "î": "i",
    "ï": "i", "í": "i", "ô": "o", "ö": "o", "ó": "o", "ù": "u", "û": "u", "ü": "u", "ú": "u", "ÿ": "y",
    "ñ": "n", "œ": "oe", "æ": "ae", "ß": "ss", "’": "'", "‘": "'", "´": "'", "`": "'", "«": '"', "»": '"',
    "“": '"', "”": '"', "\u00a0": " ", "\u202f": " ",
})


def fold_text(text: str) -> str:
    """Lower-case, accent-free text: what the model and the rules read."""
    return text.lower().translate(_FOLD)


NEGATION_CUES = {
    "en": ["not", "n't", "nt", "never", "no", "without", "nor", "neither", "dont", "doesnt", "didnt", "cannot"],
    "fr": ["ne", "n'", "pas", "jamais", "sans", "ni", "aucun", "aucune", "inutile"],
}
# Words that end a negation: a contrast starts the part that is really asked for.
SCOPE_BREAKS = {
    "en": {"but", "just", "only", "instead", "simply", "however", "rather", "although", "though"},
    "fr": {"mais", "juste", "seulement", "simplement", "uniquement", "plutot", "cependant", "par",
           "toutefois", "pourtant"},
}
CONDITION_PATTERNS = {
    "en": [
        [{"LOWER": "if"}],
        [{"LOWER": "unless"}],
        [{"LOWER": "otherwise"}],
        [{"LOWER": "should"}, {"LOWER": "you"}],
        [{"LOWER": "in"}, {"LOWER": "case"}],
        [{"LOWER": "failing"}],
        # "I reserve the right to complain to the ICO": a warning about what may come, not a complaint.
        [{"LOWER": "reserve"}, {"LOWER": "the"}, {"LOWER": "right"}],
        # Hypotheses: "I'm considering asking you to delete my account" asks nothing yet.
        [{"LOWER": {"IN": ["considering", "wondering", "whether", "hypothetically"]}}],
        [{"LOWER": "thinking"}, {"LOWER": {"IN": ["of", "about"]}}],
        # "What would happen to my data if you were sold?" asks about a hypothesis, not for an act.
        [{"LOWER": {"IN": ["would", "will"]}}, {"LOWER": {"IN": ["happen", "become"]}}],
        [{"LOWER": {"IN": ["suppose", "supposing"]}}],
        [{"LOWER": "in"}, {"LOWER": "the"}, {"LOWER": "event"}],
    ],
    "fr": [
        [{"LOWER": "si"}],
        [{"LOWER": "sinon"}],
        [{"LOWER": "a"}, {"LOWER": "defaut"}],
        [{"LOWER": "faute"}, {"LOWER": "de"}],
        [{"LOWER": "sans"}, {"LOWER": "reponse"}],
        [{"LOWER": "au"}, {"LOWER": "cas"}, {"LOWER": "ou"}],
        [{"LOWER": "dans"}, {"LOWER": "le"}, {"LOWER": "cas"}],
        [{"LOWER": "en"}, {"LOWER": "cas"}, {"LOWER": {"IN": ["de", "d'"]}}],
        [{"LOWER": "me"}, {"LOWER": "reserve"}, {"LOWER": "le"}, {"LOWER": "droit"}],
        [{"LOWER": {"IN": ["envisage", "j'envisage", "envisageais", "hypothese"]}}],
        [{"LOWER": "je"}, {"LOWER": "pense"}, {"LOWER": "a"}],
    ],
}
# A bulk sender's instructions ("To unsubscribe, click here", "Reply STOP to opt out") say what a reader
# could do: conditional, like "if you wish to unsubscribe". "To" counts only at the start of a sentence.
FOOTER_PATTERNS = {
    "en": [
        [{"LOWER": "to"}, {"LOWER": {"IN": ["unsubscribe", "stop", "opt"]}}],
        [{"LOWER": {"IN": ["reply", "text"]}}, {"LOWER": {"IN": ["stop", "unsubscribe", "remove", "end"]}}],
    ],
    "fr": [],
}
# A reply's or forward's subject ("Re: Subject access request") repeats the first mail's topic: its words
# get the "re_" prefix, so "access" there is not read as what THIS mail asks (prefixes: assistant.mail.headers).
# "If possible, please delete..." and "if you could..." are polite requests, not hypotheses.
POLITE_AFTER_IF = {"possible", "necessary", "needed", "so", "yes", "any", "besoin", "necessaire"}
# "Confirm whether you hold my data and, if you do, send me a copy" (GDPR Art. 15(1)): "if you do" takes up
# the answer to the question, it does not make the request that follows hypothetical.
ANAPHORIC_IF = {"do", "does", "have", "are", "hold", "did"}
POLITE_SECOND = {"could", "can", "would", "please", "pourriez", "pouviez", "pouvez", "voulez", "voudriez"}
# "Confirm whether you process my data" is the request of GDPR Art. 15(1) ("confirmation as to whether"),
# not a hypothesis: "whether"/"if" after these words opens an indirect question.
INDIRECT_QUESTION_VERBS = {"confirm", "confirmation", "tell", "know", "clarify", "check", "indicate", "inform"}
SENTENCE_ENDS = {".", "!", "?", ";", "\n"}
CLAUSE_ENDS = SENTENCE_ENDS | {",", ":", "(", ")", "-", '"'}
NEGATION_WINDOW = 8
CONDITION_WINDOW = 40


# The names of the rights (GDPR Art. 15-22) as letters enumerate them, folded.
RIGHT_NOUNS = {
    "en": {"access", "rectification", "correction", "erasure", "deletion", "restriction", "portability",
           "objection", "oppose", "object", "erase", "rectify", "restrict", "forgotten", "limitation"},
    "fr": {"acces", "rectification", "effacement", "suppression", "limitation", "portabilite", "opposition",
           "oubli", "modification", "retrait", "rectifier", "effacer", "supprimer", "opposer"},
}
ENUMERATION_JOINS = {",", "and", "or", "et", "ou", "/", "&", "de", "d'", "a", "to", "of", "the", "la", "l'",
                     "droit", "droits", "right", "rights", "au", "aux", "du", "vos", "your", "my", "mes"}
# "I claim my rights of access, erasure and portability" IS a request: a verb of asking before the list.
CLAIM_VERBS = {"claim", "exercise", "exercising", "invoke", "invoking", "request", "requesting", "exerce",
               "exercer", "j'exerce", "demande", "revendique", "use"}
# Statements of the law, not requests: "you have the right to...", "vous disposez d'un droit...".
RIGHTS_STATEMENTS = {
    "en": [
        [{"LOWER": {"IN": ["you", "they", "one", "individuals", "subjects", "everyone"]}},
         {"LOWER": {"IN": ["have", "has"]}}, {"LOWER": {"IN": ["the", "a"]}, "OP": "?"},
         {"LOWER": {"IN": ["right", "rights"]}}],
        [{"LOWER": {"IN": ["about", "of", "regarding", "concerning"]}}, {"LOWER": {"IN": ["my", "the", "your"]}},
         {"LOWER": "rights"}],
    ],
    "fr": [
        [{"LOWER": {"IN": ["vous", "ils", "chacun", "chaque", "toute"]}},
         {"LOWER": {"IN": ["disposez", "disposent", "dispose", "beneficiez", "avez", "personne"]}},
         {"LOWER": {"IN": ["d'", "de", "du", "le", "des", "dispose", "d'un"]}, "OP": "?"},
         {"LOWER": {"IN": ["un", "droit", "droits"]}}],
        [{"LOWER": {"IN": ["sur", "de"]}}, {"LOWER": {"IN": ["mes", "vos", "les"]}}, {"LOWER": "droits"}],
    ],
}
ENUMERATION_WINDOW = 6
STATEMENT_WINDOW = 30


def _ends_clause(text: str, ends: set[str]) -> bool:
    return text in ends or "\n" in text


# Which part of the message a word is in (first, middle, last third), salted into its hash.
POSITION_SALTS = numpy.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=numpy.uint64)


def mark_positions(doc: Doc) -> None:
    """Store in LEMMA each word's norm salted with the third of the message it is in.

    Why: TAXONOMY's primary is "usually the first" request. A bag of words cannot see order;
    the primary classifier reads these salted norms, so "delete" near the start and "delete"
    at the end are different features. Done with arrays, not a Python loop, for speed.
    """
    if not len(doc):
        return
    norms = doc.to_array([NORM])
    thirds = (numpy.arange(len(doc)) * 3) // len(doc)
    doc.from_array([LEMMA], norms ^ POSITION_SALTS[thirds])


@Language.factory("intent_scopes", default_config={})
def make_intent_scopes(nlp: Language, name: str) -> IntentScopes:
    return IntentScopes(nlp, name)


class IntentScopes:
    """Marks negated ("not_") and conditional ("if_") words by rewriting their norm, and positions."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        lang = nlp.lang if nlp.lang in NEGATION_CUES else "en"
        self.breaks = SCOPE_BREAKS[lang]
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("NEG", [[{"LOWER": {"IN": NEGATION_CUES[lang]}}]])
        self.matcher.add("IF", CONDITION_PATTERNS[lang])
        self.matcher.add("RIGHTS", RIGHTS_STATEMENTS[lang])
        if FOOTER_PATTERNS[lang]:
            self.matcher.add("FOOTER", FOOTER_PATTERNS[lang])
        self.footer_id = nlp.vocab.strings["FOOTER"]
        self.neg_id = nlp.vocab.strings["NEG"]
        self.rights_id = nlp.vocab.strings["RIGHTS"]
        self.right_nouns = RIGHT_NOUNS[lang]
        self.right_noun_hashes = numpy.array([nlp.vocab.strings.add(word) for word in self.right_nouns],
                                             dtype=numpy.uint64)

    def __call__(self, doc: Doc) -> Doc:
        prefixes: dict[int, str] = {}
        for match_id, start, end in self.matcher(doc):
            if match_id == self.footer_id:
                if doc[start].lower_ != "to" or start == 0 or _ends_clause(doc[start - 1].lower_, SENTENCE_ENDS):
                    self._mark(doc, start, CONDITION_WINDOW, SENTENCE_ENDS, "if_", prefixes, stop_at_break=False)
            elif match_id == self.rights_id:
                self._mark(doc, end, STATEMENT_WINDOW, SENTENCE_ENDS, "list_", prefixes, stop_at_break=False)
            elif match_id == self.neg_id and start >= 2 and doc[start - 1].lower_ == "or" and (
                    doc[start - 2].lower_ in ("whether", "if")):
                continue  # "whether or not you hold my data" negates nothing
            elif match_id == self.neg_id:
                self._mark(doc, end, NEGATION_WINDOW, CLAUSE_ENDS, "not_", prefixes, stop_at_break=True)
            elif not self._polite(doc, end) and not (
                    start and doc[start].lower_ in ("whether", "if")
                    and doc[start - 1].lower_ in INDIRECT_QUESTION_VERBS):
                self._mark(doc, end, CONDITION_WINDOW, SENTENCE_ENDS, "if_", prefixes, stop_at_break=False)
        self._mark_enumerations(doc, prefixes)
        self._mark_reply_subject(doc, prefixes)
        for i, prefix in prefixes.items():
            token = doc[i]
            token.norm_ = prefix + token.lower_
        mark_positions(doc)
        return doc

    @staticmethod
    def _mark_reply_subject(doc: Doc, prefixes: dict[int, str]) -> None:
        """Mark the words of a first line that starts "Re:" / "RE[2]:" / "TR :" (the subject of a reply)."""
        start = reply_prefix_end(doc.text.split("\n", 1)[0])
        if not start:
            return
        for token in doc:
            if "\n" in token.text:
                return
            if token.idx >= start and token.is_alpha:
                prefixes[token.i] = "re_" + prefixes.get(token.i, "")

    def _mark_enumerations(self, doc: Doc, prefixes: dict[int, str]) -> None:
        """Mark the rights named in a list of two or more: a mention, unless a verb of asking leads it."""
        if not len(doc):
            return
        positions = numpy.flatnonzero(numpy.isin(doc.to_array(LOWER), self.right_noun_hashes)).tolist()
        groups: list[list[int]] = []
        for i in positions:
            if groups and i - groups[-1][-1] <= ENUMERATION_WINDOW and all(
                    doc[j].lower_ in ENUMERATION_JOINS or doc[j].lower_ in self.right_nouns
                    or doc[j].is_digit or doc[j].lower_ in ("(", ")", "art", "article", ".")
                    for j in range(groups[-1][-1] + 1, i)):
                groups[-1].append(i)
            else:
                groups.append([i])
        for group in groups:
            if len(group) < 2 or self._claimed(doc, group[0]):
                continue
            for i in range(group[0], group[-1] + 1):
                if doc[i].is_alpha and "list_" not in prefixes.get(i, ""):
                    prefixes[i] = "list_" + prefixes.get(i, "")

    def _claimed(self, doc: Doc, first: int) -> bool:
        for i in range(first - 1, max(first - 8, -1), -1):
            text = doc[i].lower_
            if _ends_clause(text, SENTENCE_ENDS):
                return False
            if text in CLAIM_VERBS:
                return True
        return False

    def _polite(self, doc: Doc, end: int) -> bool:
        if end >= len(doc):
            return True
        following = doc[end].lower_
        if following in POLITE_AFTER_IF:
            return True
        if (following == "you" and end + 2 < len(doc) and doc[end + 1].lower_ in ANAPHORIC_IF
                and doc[end + 2].lower_ in (",", "so")):
            return True
        return following in ("you", "vous") and end + 1 < len(doc) and doc[end + 1].lower_ in POLITE_SECOND

    def _mark(self, doc: Doc, start: int, window: int, ends: set[str], prefix: str, prefixes: dict[int, str],
              *, stop_at_break: bool) -> None:
        for i in range(start, min(start + window, len(doc))):
            text = doc[i].lower_
            if _ends_clause(text, ends) or (stop_at_break and text in self.breaks):
                break
            if text.isalpha() or "'" in text:
                old = prefixes.get(i, "")
                if prefix not in old:
                    prefixes[i] = (old + prefix) if prefix == "not_" else (prefix + old)
