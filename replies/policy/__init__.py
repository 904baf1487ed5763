"""The company privacy policy as data: its sections, the passages replies quote, and
the picker that finds the passages answering a question."""

from replies.policy.passages import PASSAGES, Passage, passage
from replies.policy.sections import PolicySection, policy_sections
from replies.policy.topics import TOPICS, Topic, passages_for, pick_topics

__all__ = [
    "PASSAGES",
    "TOPICS",
    "Passage",
    "PolicySection",
    "Topic",
    "passage",
    "passages_for",
    "pick_topics",
    "policy_sections",
]
