"""How the report names labels, channels and kinds of noise for people (the data keeps the codes)."""

from __future__ import annotations

from intents.types import LABELS

UNCLASSIFIED = "unclassified"  # a ticket with no intent (noise, or not read yet)

# How the report names TAXONOMY.md's labels (`intents.LABELS`, whose order the report follows).
INTENT_NAMES = {
    "access": "Access",
    "deletion": "Deletion",
    "opt_out": "Opt-out",
    "complaint": "Complaint",
    "rectification": "Rectification",
    "portability": "Portability",
    "objection": "Objection",
    "question": "Question",
    "other": "Not privacy (other)",
    "unclassified": "Unclassified",
}
CHANNEL_NAMES = {"email": "Email", "imap": "IMAP mailbox", "chat": "Chat"}
LANGUAGE_NAMES = {"en": "English", "fr": "French", "und": "Undetermined"}
NOISE_NAMES = {"auto_reply": "Auto-replies", "bounce": "Bounces", "mailing_list": "Mailing lists",
               "loop": "Our own mail coming back", "other": "Other machine mail"}


def intent_name(label: str) -> str:
    return INTENT_NAMES.get(label, label)


def intent_order(labels: dict[str, int]) -> list[str]:
    """The labels of a count table in report order; unknown ones (if any) at the end."""
    known = [label for label in (*LABELS, UNCLASSIFIED) if label in labels]
    return known + sorted(set(labels) - set(known))


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)
