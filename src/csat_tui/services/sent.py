"""Surveys sent, for the response rate."""

from csat_tui.store.sent import add_sent, sent_for

__all__ = ["add_sent", "sent_for"]
