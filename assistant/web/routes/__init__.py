"""Routes by area: sign-in, the queue, a ticket, the audit log, and the JSON API."""
