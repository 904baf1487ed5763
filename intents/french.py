"""French pipelines without the seconds spaCy's French module spends compiling one expression.

Importing `spacy.lang.fr` compiles its `TOKEN_MATCH` (the hyphenated and elided words kept whole:
"arc-en-ciel", "entr'ouvert"): 266 alternatives holding 482 copies of large case-insensitive
Unicode classes, about 4.5 s of CPU in every process that reads French (each `serve` reading
process, each `ingest` from an MTA), and spaCy compiles the same expression again from the saved
tokenizer. Here the French language module is never imported: the tokenizer comes whole from a
model's files (rules, affixes, the expression), and its expression is regrouped by the parts its
alternatives share, which accepts exactly the same words (tests/test_french.py compares them) and
compiles in a fraction of a second.

Training still builds French with `spacy.blank("fr")`: only reading takes this path.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path

import spacy.lang
import srsly
from spacy import util
from spacy.language import BaseDefaults, Language

log = logging.getLogger(__name__)

# The large classes (letters of every script) whose copies make the expression slow to compile.
LARGE_CLASS = re.compile(r"\[[^\]]{200,}\]")
_ANY_CLASS = re.compile(r"\[[^\]]*\]")
_CASE_FLAGS = "(?iu)"


def _french_stop_words() -> frozenset[str]:
    """spaCy's French stop words, read from their own file: importing `spacy.lang.fr.stop_words` would
    run the package's `__init__`, which imports the slow module."""
    path = Path(spacy.lang.__path__[0]) / "fr" / "stop_words.py"
    spec = importlib.util.spec_from_file_location("intents._spacy_french_stop_words", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"spaCy's French stop words are not at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


class SavedFrenchDefaults(BaseDefaults):
    stop_words = _french_stop_words()


class SavedFrench(Language):
    """French whose tokenizer is read from saved files, so `spacy.lang.fr` is not imported.

    Its stop words are French; `like_num` is the base one (no step reads it: the pipeline reads
    ORTH, NORM, LOWER, shapes and lengths, and the name finder the stop words).
    """

    lang = "fr"
    Defaults = SavedFrenchDefaults


def regrouped(pattern: str) -> str:
    """`pattern` (spaCy's French token_match) with its alternatives grouped by the parts they share.

    `(?:^a[-]b[L]+$)|(?:^c[-]d[L]+$)` becomes `(?:^(?:(?:a[-]b)|(?:c[-]d))[L]+$)`, and
    `(?:^[L]+[-]de[-][L]+$)|(?:^[L]+[-]sur[-][L]+$)` becomes `(?:^[L]+(?:(?:[-]de[-])|(?:[-]sur[-]))[L]+$)`:
    the same words match (every alternative is anchored at both ends and captures nothing), and
    each large class `[L]` is compiled once per group instead of once per word. An alternative of
    another shape is kept as it is.
    """
    alternatives = alternatives_of(pattern)
    if alternatives is None:
        return pattern
    by_ending = _grouped(alternatives, _split_before_first_large_class)
    singles = [_joined(*group) for group in by_ending if len(group[1]) == 1]
    grouped = [_joined(*group) for group in by_ending if len(group[1]) > 1]
    grouped += [_joined(*group) for group in _grouped(singles, _split_around_the_large_classes)]
    return _CASE_FLAGS + "|".join(f"(?:{alternative})" for alternative in grouped)


def alternatives_of(pattern: str) -> list[str] | None:
    """The alternatives of `(?iu)(?:a)|(?:b)|...`, or None for a pattern not of that shape."""
    if not pattern.startswith(_CASE_FLAGS + "(?:") or not pattern.endswith(")"):
        return None
    alternatives = pattern[len(_CASE_FLAGS) + 3:-1].split(")|(?:")
    if _CASE_FLAGS + "|".join(f"(?:{alternative})" for alternative in alternatives) != pattern:
        return None
    return alternatives


def _split_before_first_large_class(alternative: str) -> tuple[str, str, str] | None:
    first = LARGE_CLASS.search(alternative)
    if not alternative.startswith("^") or first is None:
        return None
    return "^", alternative[1:first.start()], alternative[first.start():]


def _split_around_the_large_classes(alternative: str) -> tuple[str, str, str] | None:
    """`^[L]+ middle [L]+$` -> ("^[L]+", middle, "[L]+$"): the first large class and its quantifier, the last."""
    found = list(LARGE_CLASS.finditer(alternative))
    if not alternative.startswith("^") or len(found) < 2 or found[0].start() != 1:
        return None
    opening_end = found[0].end() + (alternative[found[0].end():found[0].end() + 1] in ("+", "*", "?"))
    if opening_end > found[-1].start():
        return None
    return alternative[:opening_end], alternative[opening_end:found[-1].start()], alternative[found[-1].start():]


def _grouped(alternatives: list[str], split) -> list[tuple[str, list[str], str]]:
    """(left, middles, right) per shared left and right; an alternative `split` refuses stays whole."""
    groups: dict[tuple[str, str], list[str]] = {}
    whole: list[tuple[str, list[str], str]] = []
    for alternative in alternatives:
        parts = split(alternative)
        if parts is None or not all(_is_plain(part) for part in parts):
            whole.append(("", [alternative], ""))
        else:
            groups.setdefault((parts[0], parts[2]), []).append(parts[1])
    return [(left, middles, right) for (left, right), middles in groups.items()] + whole


def _is_plain(part: str) -> bool:
    """No alternation outside character classes: such a part joins its neighbours exactly as written."""
    return "|" not in _ANY_CLASS.sub("", part)


def _joined(left: str, middles: list[str], right: str) -> str:
    if len(middles) == 1:
        return left + middles[0] + right
    return left + "(?:" + "|".join(f"(?:{middle})" for middle in middles) + ")" + right


def load_tokenizer(nlp: Language, path: Path) -> None:
    """Read a saved tokenizer into `nlp`, its token_match regrouped (the original if that fails)."""
    data = srsly.msgpack_loads(path.read_bytes())
    pattern = data.pop("token_match", None)
    nlp.tokenizer.from_bytes(srsly.msgpack_dumps(data))
    if isinstance(pattern, str):
        try:
            nlp.tokenizer.token_match = re.compile(regrouped(pattern)).match
        except re.error as error:  # never expected: the original is slower, never wrong
            log.warning("the French token_match could not be regrouped (%s); compiling it as saved", error)
            nlp.tokenizer.token_match = re.compile(pattern).match


def load_pipeline(path: Path) -> Language:
    """A saved pipeline, as `spacy.load(path)` gives it; French through `SavedFrench`."""
    config = util.load_config(path / "config.cfg")
    if config["nlp"].get("lang") != SavedFrench.lang:
        return util.load_model_from_path(path)
    nlp = SavedFrench.from_config(config, meta=util.get_model_meta(path))
    nlp.from_disk(path, exclude=["tokenizer"])
    load_tokenizer(nlp, path / "tokenizer")
    return nlp


def blank_french(tokenizer_path: Path) -> Language:
    """A tokenizer-only French pipeline, as `spacy.blank("fr")`, from a saved French tokenizer."""
    nlp = SavedFrench()
    load_tokenizer(nlp, tokenizer_path)
    return nlp
