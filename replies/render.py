"""Drafting one reply for a ticket, whatever its stage (see `DraftKind`).

Parts are rendered in a fixed order from the templates of the reply's language:

    greeting (in the writer's register, see `replies.register`),
    opening: the first sentence says what we did or will do, and by when,
    the representative paragraph (a parent or someone writing for another person),
    the body: one short paragraph per intent (headed only when there are several)
      for an acknowledgement, identity request, fulfilment or answer; the question,
      the reasons or the extension for a clarification, refusal or extension notice,
    the identity paragraph, only while identity is pending (GDPR Art. 12(6)),
    closing and signature.

The plain text and the HTML alternative are both produced from these sections.
"""

from __future__ import annotations

from intents.types import LABELS
from replies.blocks import Block, Section, parse_blocks, sections_text
from replies.context import ANSWERED_BY_THE_REPLY, NEEDS_IDENTITY, draft_context
from replies.environment import html_environment, text_environment
from replies.language import reply_language
from replies.placeholders import find_placeholders
from replies.subject import reply_subject
from replies.types import CompanyInfo, DraftKind, DraftRequest, RenderedDraft

# Kinds whose body is one paragraph per intent; the others have one body template of their own.
PER_INTENT_KINDS = frozenset({DraftKind.ACKNOWLEDGEMENT, DraftKind.IDENTITY_REQUEST, DraftKind.FULFILMENT,
                              DraftKind.ANSWER})
KIND_BODIES = {
    DraftKind.CLARIFICATION: "_clarification",
    DraftKind.EXTENSION_NOTICE: "_extension",
    DraftKind.REFUSAL: "_refusal",
}

__all__ = ["ANSWERED_BY_THE_REPLY", "NEEDS_IDENTITY", "compose_sections", "render_draft",
           "reply_language"]


def ordered_intents(intents: list[str]) -> list[str]:
    """The intents in the given order, each once; unknown labels are refused."""
    unknown = [intent for intent in intents if intent not in LABELS]
    if unknown:
        raise ValueError(f"no reply template for intent(s) {unknown}; known: {list(LABELS)}")
    ordered = list(dict.fromkeys(intents))
    if not ordered:
        raise ValueError("a draft needs at least one intent")
    return ordered


def _render(name: str, language: str, context: dict) -> str:
    return text_environment().get_template(f"{language}/{name}.txt.j2").render(context).strip()


def _section(name: str, language: str, context: dict, *, titled: bool = False, show_title: bool = True,
             intent: str | None = None) -> Section:
    """A rendered part; in a titled template the first line is the heading, shown if `show_title`."""
    rendered = _render(name, language, context)
    heading, body = rendered.split("\n", 1) if titled else ("", rendered)
    return Section(heading=heading.strip() if titled and show_title else "", blocks=parse_blocks(body), intent=intent)


def _body(kind: DraftKind, language: str, context: dict, intents: list[str]) -> list[Section]:
    if kind not in PER_INTENT_KINDS:
        return [_section(KIND_BODIES[kind], language, context)]
    if kind is DraftKind.FULFILMENT and context["actions"]:
        # A question, complaint or other message was answered by the first reply: the
        # fulfilment reports what was done.
        intents = context["actions"]
    return [_section(intent, language, context, titled=True, show_title=len(intents) > 1, intent=intent)
            for intent in intents]


def compose_sections(request: DraftRequest, company: CompanyInfo | None = None) -> list[Section]:
    """The parts of the reply, in reading order (see the module docstring)."""
    language = reply_language(request.language)
    intents = ordered_intents(request.intents)
    kind = DraftKind(request.kind)
    context = draft_context(request, language, intents, company or CompanyInfo())
    sections = [
        Section(heading="", blocks=(Block("paragraph", (context["greeting"],)),)),
        _section("_opening", language, context),
    ]
    if context["representative"]:
        sections.append(_section("_representative", language, context, titled=True))
    sections += _body(kind, language, context, intents)
    if request.identity_pending:
        sections.append(_section("_identity", language, context, titled=True))
    sections.append(_section("_closing", language, context))
    return [section for section in sections if section.blocks]


def render_draft(request: DraftRequest, company: CompanyInfo | None = None) -> RenderedDraft:
    """The reply to a ticket, in plain text and HTML, with the placeholders left for staff."""
    language = reply_language(request.language)
    sections = compose_sections(request, company)
    subject = reply_subject(request.subject, request.reference, language)
    text = sections_text(sections)
    html = html_environment().get_template("mail.html.j2").render(language=language, subject=subject, sections=sections)
    return RenderedDraft(language=language, subject=subject, text=text, html=html, placeholders=find_placeholders(text))
