"""Mail HTML made inert for the console.

Three layers, because one mistake in any single one must not let a requester's mail run
code in a staff member's browser or tell the sender the mail was opened:
1. nh3 keeps a small set of formatting tags: no scripts, styles, forms, event handlers,
   images only from `data:`/`cid:` (a remote image is a read receipt for the sender), and
   `data:` nowhere else (a `data:` link opens a page the sender wrote);
2. the console shows the text part and offers this HTML only inside `<iframe sandbox="">`
   (no scripts, no forms, no top navigation, a unique origin);
3. the HTML response carries `MESSAGE_HTML_CSP`: even a tag the sanitiser missed can load nothing.
"""

from __future__ import annotations

import nh3

MESSAGE_HTML_CSP = "default-src 'none'; img-src data: cid:; style-src 'none'; form-action 'none'; sandbox"

_TAGS = set(nh3.ALLOWED_TAGS) - {"area", "map"}
_ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items() if tag in _TAGS}
_REMOVED_WITH_CONTENT = {"script", "style", "form", "title", "head", "noscript", "template", "object", "embed",
                         "iframe", "frameset", "svg", "math", "button", "select", "textarea"}
_LOCAL_IMAGE_SCHEMES = ("data:", "cid:")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    # Browsers ignore whitespace and control characters inside a scheme ("da\tta:"), so the check does too.
    scheme = "".join(character for character in value if character.isprintable() and not character.isspace())
    scheme = scheme.lower()
    if tag == "img" and attribute == "src":
        # a remote image would tell the sender the mail was read
        return value if scheme.startswith(_LOCAL_IMAGE_SCHEMES) else None
    if scheme.startswith("data:"):
        return None  # a data: link opens a page of the sender's making (phishing, script in a new tab)
    return value


def sanitize_message_html(html: str) -> str:
    """The HTML of a received message with nothing left that can run, submit or fetch."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags=_REMOVED_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto", "data", "cid"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def message_html_document(html: str) -> str:
    """A whole document for the sandboxed frame; the charset is stated so nothing is sniffed."""
    return ("<!doctype html><html><head><meta charset=\"utf-8\"></head>"
            "<body style=\"font-family:sans-serif\">" + sanitize_message_html(html) + "</body></html>")
