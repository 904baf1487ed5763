"""Every piece of interface text, keyed, so another language is one more dictionary.

Templates call `t("key", name=...)`; values use `str.format` fields. A key missing from a
language falls back to English, so a half-done translation still shows a working console.
"""

from __future__ import annotations

from collections.abc import Callable

ENGLISH: dict[str, str] = {
    "app.name": "Privacy inbox",
    "app.company": "SODEPAC INTERNATIONAL",
    "nav.queue": "Queue",
    "nav.audit": "Audit log",
    "nav.signed_in_as": "Signed in as {name}",
    "nav.sign_out": "Sign out",
    "nav.skip": "Skip to content",
    # sign-in
    "sign_in.title": "Sign in",
    "sign_in.name": "Name",
    "sign_in.password": "Password",
    "sign_in.submit": "Sign in",
    "sign_in.failed": "Wrong name or password.",
    "sign_in.throttled": "Too many failed sign-ins. Try again in {seconds} seconds.",
    "sign_in.expired": "The form had expired. Please try again.",
    "sign_in.signed_out": "You are signed out.",
    # queue
    "queue.title": "Queue",
    "queue.search": "Reference, requester or text",
    "queue.search_label": "Search",
    "queue.status": "Status",
    "queue.intent": "Intent",
    "queue.language": "Language",
    "queue.any": "Any",
    "queue.needs_review": "Needs review",
    "queue.overdue": "Overdue",
    "queue.filter": "Filter",
    "queue.reset": "Reset",
    "queue.count": "{count} tickets",
    "queue.count_one": "1 ticket",
    "queue.empty": "No ticket matches these filters.",
    "queue.col.reference": "Reference",
    "queue.col.requester": "Requester",
    "queue.col.subject": "Subject",
    "queue.col.intents": "Intents",
    "queue.col.language": "Lang.",
    "queue.col.status": "Status",
    "queue.col.draft": "Draft",
    "queue.col.received": "Received",
    "queue.col.due": "Due",
    "queue.previous": "Previous",
    "queue.next": "Next",
    "queue.page": "Page {page} of {pages}",
    "queue.no_subject": "(no subject)",
    # statuses and badges
    "status.active": "Active (awaiting approval or open)",
    "status.all": "All",
    "status.awaiting_approval": "Awaiting approval",
    "status.open": "Open",
    "status.answered": "Answered",
    "status.closed": "Closed",
    "status.noise": "Noise",
    "draft.pending": "Pending",
    "draft.approved": "Approved",
    "draft.rejected": "Rejected",
    "draft.sent": "Sent",
    "draft.superseded": "Superseded",
    "draft.none": "—",
    "badge.review": "Review",
    "badge.overdue": "Overdue",
    "due.in_days": "in {days} days",
    "due.tomorrow": "tomorrow",
    "due.today": "today",
    "due.days_late": "{days} days late",
    "due.one_day_late": "1 day late",
    # intents
    "intent.complaint": "Complaint",
    "intent.deletion": "Deletion",
    "intent.access": "Access",
    "intent.portability": "Portability",
    "intent.rectification": "Rectification",
    "intent.objection": "Objection",
    "intent.opt_out": "Opt-out",
    "intent.question": "Question",
    "intent.other": "Other",
    # ticket page
    "ticket.title": "Ticket {reference}",
    "ticket.back": "Back to the queue",
    "ticket.from": "From",
    "ticket.received": "Received",
    "ticket.due": "Due",
    "ticket.language": "Language",
    "ticket.channel": "Channel",
    "ticket.linked": "Merged into {reference}",
    "ticket.linked_from": "Merged here: {references}",
    "ticket.thread": "Messages",
    "ticket.message_from": "{sender}, {when}",
    "ticket.no_text": "(no text)",
    "ticket.show_full": "Show the whole message, with quoted text",
    "ticket.show_html": "Show the HTML version (sanitised, nothing loads)",
    "ticket.attachments": "Attachments",
    "ticket.download": "Download",
    "ticket.bytes": "{size} bytes",
    "ticket.kilobytes": "{size} KB",
    "ticket.noise": "Not a request: {rule}",
    "ticket.thread_rule": "Threaded: {rule}",
    "ticket.classification": "Classification",
    "ticket.primary": "primary",
    "ticket.review_reasons": "Why it needs review",
    "ticket.entities": "Extracted details",
    "ticket.no_entities": "Nothing extracted.",
    "ticket.draft": "Draft reply",
    "ticket.draft_subject": "Subject",
    "ticket.draft_body": "Reply text",
    "ticket.draft_status": "Draft {status}",
    "ticket.draft_edited": "edited by {name}",
    "ticket.draft_decided": "{status} by {name}, {when}",
    "ticket.no_draft": "No draft for this ticket.",
    "ticket.placeholders": "Fill in before approving: {items}",
    "ticket.save": "Save draft",
    "ticket.approve": "Approve and send",
    "ticket.approve_confirm": "Send this reply to {requester}?",
    "ticket.actions": "Other actions",
    "ticket.reject": "Reject the draft",
    "ticket.reject_reason": "Reason",
    "ticket.reject_submit": "Reject",
    "ticket.reclassify": "Reclassify (writes a new draft)",
    "ticket.reclassify_primary": "Primary intent",
    "ticket.reclassify_submit": "Reclassify",
    "ticket.merge": "Merge into another ticket",
    "ticket.merge_into": "Reference of the ticket to keep",
    "ticket.merge_submit": "Merge",
    "ticket.extend": "Extend the deadline (GDPR Art. 12(3))",
    "ticket.extend_months": "By",
    "ticket.extend_one": "one more month",
    "ticket.extend_two": "two more months",
    "ticket.extend_reason": "Reason (the requester must be told)",
    "ticket.extend_submit": "Extend",
    "ticket.close": "Close the ticket",
    "ticket.close_reason": "Reason (optional)",
    "ticket.close_submit": "Close",
    "ticket.timeline": "Timeline",
    "ticket.not_found": "There is no ticket {reference}.",
    "done.save": "Draft saved.",
    "done.approve": "Reply approved; it is being sent.",
    "done.reject": "Draft rejected.",
    "done.reclassify": "Reclassified; a new draft was written.",
    "done.merge": "Ticket merged.",
    "done.extend": "Deadline extended.",
    "done.close": "Ticket closed.",
    "error.refused": "Not done: {reason}",
    # audit
    "audit.title": "Audit log",
    "audit.actor": "Who",
    "audit.kind": "Event",
    "audit.reference": "Ticket",
    "audit.since": "From",
    "audit.until": "To",
    "audit.filter": "Filter",
    "audit.export": "Export as CSV",
    "audit.col.at": "When",
    "audit.col.actor": "Who",
    "audit.col.kind": "Event",
    "audit.col.ticket": "Ticket",
    "audit.col.detail": "Detail",
    "audit.empty": "No event matches these filters.",
    "audit.count": "{count} events",
    # errors
    "error.title": "Error",
    "error.forbidden": "Your account cannot open this page.",
    "error.csrf": "The form had expired or did not come from this console. Go back, reload the page and try again.",
    "error.not_found": "Page not found.",
}

STRINGS: dict[str, dict[str, str]] = {"en": ENGLISH}
DEFAULT_LANGUAGE = "en"


def translator(language: str = DEFAULT_LANGUAGE) -> Callable[..., str]:
    table = STRINGS.get(language, ENGLISH)

    def t(key: str, **values: object) -> str:
        text = table.get(key) or ENGLISH.get(key)
        if text is None:
            raise KeyError(f"no interface text {key!r}")
        return text.format(**values) if values else text

    return t


def choose_language(accept_language: str | None) -> str:
    """The first language of the browser's Accept-Language (RFC 9110 §12.5.4) that has strings."""
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in STRINGS:
            return code
    return DEFAULT_LANGUAGE
