"""Seeded synthetic survey responses, for the demo store and the benchmark.

Same seed, same rows: the generator uses its own `random.Random` and no clock.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

TOUCHPOINTS = ("support ticket", "onboarding", "checkout", "delivery", "billing")
PLANS = ("free", "starter", "pro", "enterprise")
CHANNELS = ("email", "chat", "web", "in-app")
HEADER = (
    "response_id",
    "submitted_at",
    "email",
    "touchpoint",
    "plan",
    "channel",
    "How satisfied were you?",
    "How likely are you to recommend us?",
    "How easy was it to get help?",
    "comment",
)

_COMMENTS = {
    "low": (
        "Waited three days for a reply.",
        "I was charged twice and nobody answered.",
        "The invoice was wrong again",
        "Delivery was late and the box was damaged.",
        "Fakturan var fel och ingen svarade på mejlet.",
        "退款太慢了，客服也不回复。",
        "Xidmət çox zəif idi, heç kim cavab vermədi.",
        "El reembolso tardó semanas.",
        "App crashed at checkout 😡",
    ),
    "neutral": (
        "It was ok.",
        "Fine, but the setup guide could be clearer.",
        "Helt okej, men leveransen tog tid.",
        "还可以。",
    ),
    "high": (
        "Anna solved it in five minutes, thank you!",
        "Great support, very fast.",
        "Jättebra service, tack!",
        "服务很好，非常满意。",
        "Çox razıyam, təşəkkürlər!",
        "Muy buena atención 👍",
        "Smooth onboarding.\nThe checklist helped a lot.",
    ),
}


def _csat(rng: random.Random, quality: float) -> int:
    # quality in 0..1 shifts the answer distribution up.
    weights = [
        max(0.02, 0.25 - 0.2 * quality),
        max(0.03, 0.15 - 0.1 * quality),
        0.15,
        0.3,
        0.15 + 0.4 * quality,
    ]
    return rng.choices(range(1, 6), weights)[0]


def synthetic_rows(
    n: int, seed: int = 7, start: datetime | None = None, days: int = 180
) -> Iterator[tuple[str, ...]]:
    """`n` response rows (HEADER's columns) spread over `days` days from `start`, as text."""
    rng = random.Random(seed)
    start = start or datetime(2026, 5, 1, tzinfo=UTC)
    step = days * 86400 / max(n, 1)
    customers = max(50, n // 4)
    for i in range(n):
        at = start + timedelta(seconds=int(i * step + rng.random() * step))
        touchpoint = rng.choice(TOUCHPOINTS)
        # A story: billing satisfaction drops for three weeks after a price change.
        dip = touchpoint == "billing" and 70 <= (at - start).days < 91
        quality = 0.15 if dip else 0.55
        csat = _csat(rng, quality)
        nps = str(min(10, max(0, round(rng.gauss(5 + csat, 1.5))))) if rng.random() < 0.55 else ""
        ces = str(min(7, max(1, csat + rng.choice((0, 1, 2))))) if rng.random() < 0.3 else ""
        band = "low" if csat <= 2 else "high" if csat >= 4 else "neutral"
        comment = rng.choice(_COMMENTS[band]) if rng.random() < 0.6 else ""
        yield (
            f"R{seed}-{i + 1:07d}",
            at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            f"customer{rng.randrange(customers)}@example.com",
            touchpoint,
            rng.choice(PLANS),
            rng.choice(CHANNELS),
            str(csat),
            nps,
            ces,
            comment,
        )


def write_csv(out: TextIO, n: int, seed: int = 7, days: int = 180) -> None:
    """Write `n` synthetic responses as a CSV export with a header row."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(synthetic_rows(n, seed=seed, days=days))


def write_csv_file(path: Path, n: int, seed: int = 7, days: int = 180) -> Path:
    """`write_csv` to a file (UTF-8); returns the path."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_csv(handle, n, seed=seed, days=days)
    return path
