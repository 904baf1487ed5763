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
from spacy.attrs import IDX, IS_ALPHA, IS_DIGIT, LEMMA, LOWER, NORM
from spacy.language import Language
from spacy.tokens import Doc

from assistant.mail.headers import reply_prefix_end
from intents.sequences import SequenceMatcher

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
        self.matcher = SequenceMatcher(nlp.vocab.strings)
        self.matcher.add("NEG", [[{"LOWER": {"IN": NEGATION_CUES[lang]}}]])
        self.matcher.add("IF", CONDITION_PATTERNS[lang])
        self.matcher.add("RIGHTS", RIGHTS_STATEMENTS[lang])
        self.matcher.add("FOOTER", FOOTER_PATTERNS[lang])
        self.right_nouns = RIGHT_NOUNS[lang]

    def __call__(self, doc: Doc) -> Doc:
        words = _Words(doc)
        lowers = words.lowers
        prefixes: dict[int, str] = {}
        for key, start, end in self.matcher(words.hashes):
            if key == "FOOTER":
                if lowers[start] != "to" or start == 0 or _ends_clause(lowers[start - 1], SENTENCE_ENDS):
                    self._mark(words, start, CONDITION_WINDOW, SENTENCE_ENDS, "if_", prefixes, stop_at_break=False)
            elif key == "RIGHTS":
                self._mark(words, end, STATEMENT_WINDOW, SENTENCE_ENDS, "list_", prefixes, stop_at_break=False)
            elif key == "NEG" and start >= 2 and lowers[start - 1] == "or" and lowers[start - 2] in ("whether", "if"):
                continue  # "whether or not you hold my data" negates nothing
            elif key == "NEG":
                self._mark(words, end, NEGATION_WINDOW, CLAUSE_ENDS, "not_", prefixes, stop_at_break=True)
            elif not self._polite(lowers, end) and not (
                    start and lowers[start] in ("whether", "if") and lowers[start - 1] in INDIRECT_QUESTION_VERBS):
                self._mark(words, end, CONDITION_WINDOW, SENTENCE_ENDS, "if_", prefixes, stop_at_break=False)
        self._mark_enumerations(words, prefixes)
        self._mark_reply_subject(doc, words, prefixes)
        for i, prefix in prefixes.items():
            doc[i].norm_ = prefix + lowers[i]
        mark_positions(doc)
        return doc

    @staticmethod
    def _mark_reply_subject(doc: Doc, words: _Words, prefixes: dict[int, str]) -> None:
        """Mark the words of a first line that starts "Re:" / "RE[2]:" / "TR :" (the subject of a reply)."""
        line_end = next((i for i, lower in enumerate(words.lowers) if "\n" in lower), None)
        # The first line's text, without building the whole doc's text (a whitespace token holds the line break).
        first_line = doc.text if line_end is None else doc[:line_end + 1].text_with_ws.split("\n", 1)[0]
        start = reply_prefix_end(first_line)
        if not start:
            return
        starts = doc.to_array(IDX).tolist()
        for i in range(len(words.lowers) if line_end is None else line_end):
            if starts[i] >= start and words.alpha[i]:
                prefixes[i] = "re_" + prefixes.get(i, "")

    def _mark_enumerations(self, words: _Words, prefixes: dict[int, str]) -> None:
        """Mark the rights named in a list of two or more: a mention, unless a verb of asking leads it."""
        lowers = words.lowers
        if not lowers:
            return
        positions = [i for i, lower in enumerate(lowers) if lower in self.right_nouns]
        groups: list[list[int]] = []
        for i in positions:
            if groups and i - groups[-1][-1] <= ENUMERATION_WINDOW and all(
                    lowers[j] in ENUMERATION_JOINS or lowers[j] in self.right_nouns
                    or words.digit[j] or lowers[j] in ("(", ")", "art", "article", ".")
                    for j in range(groups[-1][-1] + 1, i)):
                groups[-1].append(i)
            else:
                groups.append([i])
        for group in groups:
            if len(group) < 2 or self._claimed(lowers, group[0]):
                continue
            for i in range(group[0], group[-1] + 1):
                if words.alpha[i] and "list_" not in prefixes.get(i, ""):
                    prefixes[i] = "list_" + prefixes.get(i, "")

    @staticmethod
    def _claimed(lowers: list[str], first: int) -> bool:
        for i in range(first - 1, max(first - 8, -1), -1):
            text = lowers[i]
            if _ends_clause(text, SENTENCE_ENDS):
                return False
            if text in CLAIM_VERBS:
                return True
        return False

    @staticmethod
    def _polite(lowers: list[str], end: int) -> bool:
        if end >= len(lowers):
            return True
        following = lowers[end]
        if following in POLITE_AFTER_IF:
            return True
        if (following == "you" and end + 2 < len(lowers) and lowers[end + 1] in ANAPHORIC_IF
                and lowers[end + 2] in (",", "so")):
            return True
        return following in ("you", "vous") and end + 1 < len(lowers) and lowers[end + 1] in POLITE_SECOND

    def _mark(self, words: _Words, start: int, window: int, ends: set[str], prefix: str, prefixes: dict[int, str],
              *, stop_at_break: bool) -> None:
        for i in range(start, min(start + window, len(words.lowers))):
            text = words.lowers[i]
            if _ends_clause(text, ends) or (stop_at_break and text in self.breaks):
                break
            if text.isalpha() or "'" in text:
                old = prefixes.get(i, "")
                if prefix not in old:
                    prefixes[i] = (old + prefix) if prefix == "not_" else (prefix + old)


class _Words:
    """A doc's words as plain lists, read once: creating spaCy `Token` objects one by one is slow."""

    def __init__(self, doc: Doc) -> None:
        arrays = doc.to_array([LOWER, IS_ALPHA, IS_DIGIT]) if len(doc) else numpy.zeros((0, 3), dtype=numpy.uint64)
        self.hashes: list[int] = arrays[:, 0].tolist()
        strings = doc.vocab.strings
        self.lowers: list[str] = [strings[key] for key in self.hashes]
        self.alpha: list[bool] = arrays[:, 1].astype(bool).tolist()
        self.digit: list[bool] = arrays[:, 2].astype(bool).tolist()
