"""csat-tui: review customer-satisfaction survey responses in the terminal."""

__version__ = "0.1.0"
