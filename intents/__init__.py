"""Understanding: what a message asks for, in which language, and what it mentions.

The pipeline and the CLI use only what this module exports; the model behind it
can change without touching them.
"""

from intents.types import LABELS, IntentResult, order_intents

__all__ = ["LABELS", "IntentResult", "order_intents"]
