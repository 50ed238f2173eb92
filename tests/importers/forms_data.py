"""A Google-Forms-like export, as a new user's support survey: 300 rows, ~40 % with a comment."""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta

FORMS_HEADERS = [
    "Timestamp",
    "Email Address",
    "How satisfied were you with our support?",
    "How likely are you to recommend us to a friend? (0-10)",
    "Anything else?",
]

LOW = [
    "Took three days to get a reply.",
    "Nobody solved my billing issue",
    "Very slow, had to repeat myself twice",
    "The agent was rude.",
    "Still waiting for my refund",
]
HIGH = [
    "Great support, thanks Anna!",
    "Quick and friendly",
    "Solved in five minutes",
    "Love the product",
    "Very helpful team :)",
]
DETAILS = [
    "This was ticket {n}.",
    "Third time this year ({n} days in all).",
    "Order {n}, if that helps.",
    "I have been a customer for {n} months.",
    "We are a team of {n} people.",
    "Waited {n} minutes on the phone first.",
    "Rated after call number {n}.",
]
"""Real comments rarely repeat word for word: most get a detail of their own."""


def forms_csv(comment_header: str = "Anything else?", rows: int = 300, seed: int = 7) -> str:
    """The export as text; the last column holds a comment in about 40 % of the rows."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*FORMS_HEADERS[:-1], comment_header])
    when = datetime(2026, 9, 1, 8, 0, 0)
    for _ in range(rows):
        when += timedelta(minutes=rng.randint(20, 900), seconds=rng.randint(0, 59))
        csat = rng.choices([1, 2, 3, 4, 5], [6, 8, 16, 35, 35])[0]
        nps = max(0, min(10, csat * 2 + rng.randint(-2, 1)))
        comment = "" if rng.random() < 0.6 else rng.choice(LOW if csat <= 2 else HIGH)
        if comment and rng.random() < 0.8:
            comment += " " + rng.choice(DETAILS).format(n=rng.randint(2, 90))
        email = f"user{rng.randint(1, 220)}@example.com" if rng.random() < 0.9 else ""
        stamp = f"{when.month}/{when.day}/{when.year} {when:%H:%M:%S}"
        writer.writerow([stamp, email, csat, nps, comment])
    return out.getvalue()


def comment_count(text: str) -> int:
    """How many rows of `forms_csv` text have a comment."""
    return sum(1 for row in list(csv.reader(io.StringIO(text)))[1:] if row[-1].strip())
