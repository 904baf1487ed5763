"""The subject line of a reply: `Re: <their subject> [PRIV-...]`, safe for a mail header."""

from __future__ import annotations

import re

from assistant.mail.headers import one_line, strip_reply_prefixes

DEFAULT_SUBJECTS = {
    "en": "Your privacy request",
    "fr": "Votre demande relative à vos données personnelles",
}

# Longest part of the requester's subject that we repeat; the rest is cut at a word.
MAX_THEIR_SUBJECT = 150

_REFERENCE_TAG = re.compile(r"\[\s*PRIV-\d{4}-\d+\s*\]", re.IGNORECASE)


def _shorten(subject: str) -> str:
    if len(subject) <= MAX_THEIR_SUBJECT:
        return subject
    cut = subject[:MAX_THEIR_SUBJECT].rsplit(" ", 1)[0] or subject[:MAX_THEIR_SUBJECT]
    return cut.rstrip(" ,;:-") + "…"


def reply_subject(their_subject: str, reference: str, language: str) -> str:
    """`Re: <their subject> [<reference>]`, one line, one "Re:", the reference once.

    Reference tags already in their subject are removed so that a long thread does not
    collect `[PRIV-...]` tags; an empty subject gets a default in the reply's language.
    """
    subject = _REFERENCE_TAG.sub(" ", one_line(their_subject))
    if reference:
        subject = re.sub(re.escape(reference), " ", subject, flags=re.IGNORECASE)
    # RFC 5322 section 3.6.5 asks for a single "Re: ": the leading answer prefixes go first.
    subject = strip_reply_prefixes(one_line(subject), forwards=False)
    subject = _shorten(subject.strip(" -:")) or DEFAULT_SUBJECTS[language]
    return f"Re: {subject} [{one_line(reference)}]"
