"""Request cues: the phrasings by which people ASK for a right, found clause by clause.

A bag of words scores a long formal letter low on every label (its many legal words dilute the
few that ask), and it cannot tell "delete my data" from "if you received this in error, delete
it". The cues are spaCy `Matcher` patterns over the norms `intent_scopes` (rules.py) wrote: a
negated ("not_delete"), conditional ("if_delete") or merely enumerated ("list_erasure") word no
longer matches, so only a request the writer actually makes is a cue. The classifier combines
them with the model's scores (classifier.py: a cue sets a floor under its label's score, a cue in
the subject says which request comes first).

Patterns are written in a small notation, one string a pattern, words separated by spaces:
`a|b` either word, `word*` any word starting so, `~` up to three words of any kind inside the
sentence (`~5` up to five), `@word` matched on the raw lower-case text, ignoring the negation
marks ("ne plus recevoir" is a request to stop, not a refusal) but not the conditional and
enumeration ones. A pattern starting with `^` lists single words that name a request only in
the subject line ("Complaint", "Portability"): in a letter's body the same nouns are as often
mentions ("a complaint to the supervisory authority") as requests.

The patterns are data, one module a language (`patterns_en.py`, `patterns_fr.py`, with the
words of both in `words.py`); `matcher.py` compiles and runs them.
"""

from intents.cues.matcher import Cue, CueFinder, compile_pattern

__all__ = ["Cue", "CueFinder", "compile_pattern"]
