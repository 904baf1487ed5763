"""The website chat as a conversation: answers from the policy, and requests from a verified address."""
