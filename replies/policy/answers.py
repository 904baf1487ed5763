"""Answer a visitor's question from the privacy policy: the sentence that answers first, then the
passage it comes from and its section; or an honest "the policy does not say".

GDPR Art. 12(1) asks for information "in a concise, transparent, intelligible and easily accessible
form, using clear and plain language": a visitor asking how long data is kept needs the sentence on
retention, not the opening of the section. Only the policy's own words answer, so nothing is
promised that the policy does not contain; where it is silent (a known gap below, or no passage
scores high enough) the answer says so and the chat offers to pass the question to the team.

    answer_question("How long do you keep my data?", "en")
      -> PolicyAnswer(found=True, section="How long do we keep the information for?", sentence=..., ...)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from replies.keywords import normalise
from replies.policy.passages import french_summaries
from replies.policy.retrieval import Paragraph, best_sentence, rank

# Below this BM25 score the best paragraph only shares a word or two with the question:
# answering with it would quote something beside the point (measured on bench/data/chat_questions.jsonl).
MIN_SCORE = 4.0
TOP_SECTIONS = 3


@dataclass(frozen=True)
class Gap:
    """Something visitors ask that the policy does not contain, said in words they understand."""

    name: str
    patterns: tuple[str, ...]
    en: str
    fr: str


# The policy's opening list promises "Why do we transfer the information we collect between countries?"
# and never answers it; GDPR Art. 13(1)(b) and (f) expect the DPO's contact and transfer safeguards.
GAPS: tuple[Gap, ...] = (
    Gap("transfers",
        (r"outside (of )?(the )?(eu|eea|europe|france)", r"\babroad\b", r"other countr", r"\bcountr(y|ies)\b",
         r"international", r"\bhors (de )?(l.)?(ue|eee|union|europe|france)", r"\betranger", r"pays tiers",
         r"united states|\busa\b|etats.unis|\bchin|\binde?\b|\bindia", r"\bsccs?\b|standard contractual",
         r"clauses contractuelles", r"\badequa", r"\btransf[eè]r", r"where .*(stored|hosted|kept)",
         r"\bou (sont|est).*(stocke|heberge|conserve)", r"\bheberg.*(ou|pays)", r"\bservers?\b|\bserveurs?\b"),
        "whether your data is transferred outside the European Union, or where it is stored "
        "(it lists this question in its opening but never answers it)",
        "si vos données sont transférées hors de l'Union européenne, ni où elles sont stockées "
        "(elle annonce cette question dans son introduction sans y répondre)"),
    Gap("dpo",
        (r"\bdpo\b", r"data protection officer", r"delegue", r"\bdpd\b"),
        "who the data protection officer is or how to reach them",
        "qui est le délégué à la protection des données ni comment le joindre"),
    Gap("automated_decisions",
        (r"automat", r"\bprofil", r"\balgorithm", r"artificial intelligence|intelligence artificielle|\bai\b|\bia\b"),
        "whether decisions about you are automated or whether you are profiled",
        "si des décisions vous concernant sont automatisées ni si vous faites l'objet d'un profilage"),
    Gap("fees",
        (r"\bfee\b|\bfees\b|\bcost|\bcharge (me|for)|\bpay (for|to)|\bfree\b|\bprice",
         r"\bpayant|\bgratuit|\bcoute|\bfrais\b|\btarif"),
        "whether a request costs anything (under GDPR Art. 12(5) it is normally free)",
        "si une demande est payante (selon l'article 12(5) du RGPD, elle est en principe gratuite)"),
    Gap("sensitive_data",
        (r"\bhealth\b|\bmedical|\bbiometric|\bfingerprint|\breligio|\bethnic|\bcriminal",
         r"\bsante\b|\bmedica|\bbiometr|\bempreinte|\bethni|\bcasier"),
        "anything about health, biometric or other special categories of data",
        "rien sur les données de santé, biométriques ou autres catégories particulières"),
    Gap("surveillance",
        (r"\bcctv\b|\bcamera|video.?surveillance|record\w* .{0,20}\b(calls?|conversations?)\b",
         r"enregistr(e|ez|ement).*(appel|conversation)"),
        "anything about video surveillance or recorded calls",
        "rien sur la vidéosurveillance ni l'enregistrement des appels"),
)
_GAP_PATTERNS = tuple((gap, tuple(re.compile(pattern) for pattern in gap.patterns)) for gap in GAPS)

# Said after an answer that the policy announces but does not complete.
NOTES: dict[str, tuple[str, str]] = {
    "How long do we keep the information for?": (
        "The policy gives no retention periods for each type of information, although it says it does.",
        "La politique ne donne pas les durées de conservation par type d'information, bien qu'elle l'annonce.",
    ),
}


@dataclass(frozen=True)
class PolicyAnswer:
    """What the policy says to a question. `section` is the policy heading, `excerpt` the whole
    paragraph, `sentence` the one that answers (both in the policy's English words);
    `found` is False when the policy is silent, `gap` then names a known gap (or is empty)."""

    found: bool
    section: str = ""
    excerpt: str = ""
    sentence: str = ""
    summary_fr: str = ""
    note: str = ""
    gap: Gap | None = None
    sections: tuple[str, ...] = ()  # the best sections, best first (for the benchmark's top-3)
    score: float = 0.0
    passage_key: str | None = None  # when the paragraph is one of replies.policy.PASSAGES


def known_gap(question: str) -> Gap | None:
    text = normalise(question)
    for gap, patterns in _GAP_PATTERNS:
        if any(pattern.search(text) for pattern in patterns):
            return gap
    return None


def _summary_fr(paragraph: Paragraph) -> str:
    if paragraph.passage_key is None:
        return ""
    return " ".join(french_summaries().get(paragraph.passage_key, {}).get("summary", ()))


def _distinct_sections(ranked: list[tuple[float, Paragraph]]) -> tuple[str, ...]:
    seen: list[str] = []
    for _, paragraph in ranked:
        if paragraph.section not in seen:
            seen.append(paragraph.section)
    return tuple(seen[:TOP_SECTIONS])


def answer_question(text: str, language: str) -> PolicyAnswer:
    """The policy's answer to `text` (English or French; `language` chooses the note's words)."""
    ranked = rank(text)
    sections = _distinct_sections(ranked)
    gap = known_gap(text)
    if gap is not None:
        return PolicyAnswer(found=False, gap=gap, sections=sections)
    if not ranked or ranked[0][0] < MIN_SCORE:
        return PolicyAnswer(found=False, sections=sections, score=ranked[0][0] if ranked else 0.0)
    score, paragraph = ranked[0]
    note = NOTES.get(paragraph.section, ("", ""))[1 if language == "fr" else 0]
    return PolicyAnswer(found=True, section=paragraph.section, excerpt=paragraph.text,
                        sentence=best_sentence(text, paragraph), summary_fr=_summary_fr(paragraph),
                        note=note, sections=sections, score=score, passage_key=paragraph.passage_key)


def answer_text(answer: PolicyAnswer, language: str) -> str:
    """The answer as plain text for the visitor: the answering sentence first, then the passage
    and its section; or what the policy does not say. French visitors get our summary first
    when there is one, and the policy's English words as the quotation."""
    if not answer.found:
        if language == "fr":
            what = answer.gap.fr if answer.gap else "de réponse précise à cette question"
            return f"Notre politique de confidentialité ne dit pas {what}."
        what = answer.gap.en if answer.gap else "anything that answers this question precisely"
        return f"Our privacy policy does not say {what}."
    if language == "fr":
        lead = answer.summary_fr or f"La politique (rédigée en anglais) dit : « {answer.sentence} »"
        parts = [lead, answer.note, f"Passage cité (section « {answer.section} ») : « {answer.excerpt} »"]
    else:
        parts = [answer.sentence, answer.note, f"From our privacy policy, \u201c{answer.section}\u201d: "
                                              f"\u201c{answer.excerpt}\u201d"]
    return "\n\n".join(part for part in parts if part)
