"""The weekly report: what came in last week and how well it was handled, in counts only."""
