"""Tickets: references, deadlines, threading, and the service functions that change them."""
