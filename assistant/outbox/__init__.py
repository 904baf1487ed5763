"""Sending: approved replies and acknowledgements, built once, delivered at most once (see queue.py)."""
