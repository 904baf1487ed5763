"""From a stored raw message to a ticket with a draft, in small named steps."""
