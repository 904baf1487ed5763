"""The SODEPAC privacy assistant: receives privacy mail, tickets it and drafts replies for approval."""
