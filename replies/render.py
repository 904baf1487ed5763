"""Drafting one reply for a ticket: one greeting, one section per intent, one closing.

Parts are rendered in a fixed order from the templates of the reply's language:

    greeting, acknowledgement (receipt date, reference),
    one section per intent, in the order given (primary first),
    identity check (once, if any intent needs it), what happens next (the deadline),
    closing and signature.

The plain text and the HTML alternative are both produced from these sections.
"""

from __future__ import annotations

from replies.blocks import Section, parse_blocks, sections_text
from replies.contacts import pick_team
from replies.dates import format_date
from replies.environment import html_environment, text_environment
from replies.placeholders import find_placeholders
from replies.policy import passage, passages_for, pick_topics
from replies.requester import greeting_name, one_line, requester_text
from replies.subject import reply_subject
from replies.types import DraftRequest, RenderedDraft

INTENTS = (
    "access",
    "deletion",
    "opt_out",
    "complaint",
    "rectification",
    "portability",
    "objection",
    "question",
    "other",
)

# Requests that act on someone's data need to know who is asking (GDPR Art. 12(6)).
NEEDS_IDENTITY = frozenset({"access", "deletion", "portability", "rectification", "objection"})

# Entities key where the pipeline puts the requester's new text (quotes and signature
# removed): the question picks its policy passage from it, "other" its team.
REQUESTER_TEXT_KEY = "question_text"


def reply_language(language: str) -> str:
    """ "fr" for French (fr, FR, fr-FR, fr_CA), "en" for anything else."""
    base = language.strip().lower().replace("_", "-").split("-")[0]
    return "fr" if base == "fr" else "en"


def ordered_intents(intents: list[str]) -> list[str]:
    """The intents in the given order, each once; unknown labels are refused."""
    unknown = [intent for intent in intents if intent not in INTENTS]
    if unknown:
        raise ValueError(f"no reply template for intent(s) {unknown}; known: {list(INTENTS)}")
    ordered = list(dict.fromkeys(intents))
    if not ordered:
        raise ValueError("a draft needs at least one intent")
    return ordered


def _next_steps(intents: list[str]) -> str:
    """ "answered" when the reply itself answers (questions only), "redirect" for a message
    that is not about personal data, "action" whenever something is to be done."""
    if set(intents) <= {"question"}:
        return "answered"
    if set(intents) <= {"other"}:
        return "redirect"
    return "action"


def draft_context(request: DraftRequest, language: str, intents: list[str]) -> dict:
    """The variables every template receives; the requester's words are plain values."""
    text = requester_text(request.entities, REQUESTER_TEXT_KEY)
    topics = pick_topics(text) if "question" in intents else []
    return {
        "language": language,
        "reference": one_line(request.reference),
        "requester_name": greeting_name(request.requester_name),
        "requester_email": one_line(request.requester_email),
        "received_date": format_date(request.received_at, language),
        "due_date": format_date(request.due_at, language),
        "next_steps": _next_steps(intents),
        "topics": [topic.name for topic in topics],
        "passages": [passage(key, language) for key in passages_for(topics)],
        "team": pick_team(text) if "other" in intents else "",
    }


def _render(name: str, language: str, context: dict) -> str:
    return text_environment().get_template(f"{language}/{name}.txt.j2").render(context).strip()


def _section(name: str, language: str, context: dict, *, titled: bool, intent: str | None = None) -> Section:
    """A rendered part; in a titled part the template's first line is the heading."""
    rendered = _render(name, language, context)
    heading, body = rendered.split("\n", 1) if titled else ("", rendered)
    return Section(heading=heading.strip() if titled else "", blocks=parse_blocks(body), intent=intent)


def compose_sections(request: DraftRequest) -> list[Section]:
    """The parts of the reply, in reading order (see the module docstring)."""
    language = reply_language(request.language)
    intents = ordered_intents(request.intents)
    context = draft_context(request, language, intents)
    sections = [
        _section("_greeting", language, context, titled=False),
        _section("_acknowledgement", language, context, titled=False),
    ]
    sections += [_section(intent, language, context, titled=True, intent=intent) for intent in intents]
    if NEEDS_IDENTITY.intersection(intents):
        sections.append(_section("_identity", language, context, titled=True))
    sections.append(_section("_next_steps", language, context, titled=True))
    sections.append(_section("_closing", language, context, titled=False))
    return sections


def render_draft(request: DraftRequest) -> RenderedDraft:
    """The reply to a ticket, in plain text and HTML, with the placeholders left for staff."""
    language = reply_language(request.language)
    sections = compose_sections(request)
    subject = reply_subject(request.subject, request.reference, language)
    text = sections_text(sections)
    html = html_environment().get_template("mail.html.j2").render(language=language, subject=subject, sections=sections)
    return RenderedDraft(language=language, subject=subject, text=text, html=html, placeholders=find_placeholders(text))
