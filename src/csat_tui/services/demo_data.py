"""The demo's responses: six months of a small software company's surveys, with a story.

Deterministic: a seeded `random.Random`, fixed dates, no clock. The story the dashboard
should reveal: billing CSAT drops for three weeks after a price change on 2026-08-03,
then recovers; the "pro" plan's NPS improves markedly from September on.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from csat_tui.importers.model import Answer, Record

START = date(2026, 5, 18)
END = date(2026, 11, 15)
PRICE_CHANGE = date(2026, 8, 3)
DIP_DAYS = 21
PRO_IMPROVES = date(2026, 9, 1)

TOUCHPOINTS = ("support ticket", "onboarding", "checkout", "delivery", "billing")
PLANS = ("free", "starter", "pro", "enterprise")
CHANNELS = ("email", "chat", "web", "in-app")


@dataclass(frozen=True)
class Source:
    """A survey tool the demo pretends to have imported from, and what it asked."""

    name: str
    touchpoints: tuple[str, ...]
    csat_question: str
    nps_question: str | None
    ces_question: str | None
    share: float


SOURCES = (
    Source("zendesk", ("support ticket", "billing"), "How would you rate the support you received?",
           None, "How easy was it to get your issue resolved?", 0.45),
    Source("surveymonkey", ("onboarding", "checkout", "billing"),
           "How satisfied are you with your experience?",
           "How likely are you to recommend us to a friend or colleague?", None, 0.35),
    Source("typeform", ("delivery", "checkout"), "How satisfied were you with the delivery?",
           "How likely are you to recommend us?", "How easy was it to place your order?", 0.20),
)  # fmt: skip

COMMENTS: dict[str, tuple[str, ...]] = {
    "low": (
        "Waited three days for a reply.",
        "Nobody answered my emails.",
        "Xidmət çox zəif idi, heç kim cavab vermədi.",
        "客服也不回复。",
        "Muy mal servicio, nadie me ayudó.",
        "Ingen hjälp alls, tyvärr.",
    ),
    "neutral": (
        "It was ok.",
        "Fine, but could be faster.",
        "Helt okej.",
        "还可以。",
        "Normal idi.",
        "Correcto, sin más.",
    ),
    "high": (
        "Anna solved it in five minutes, thank you!",
        "Great support, very fast.",
        "Jättebra service, tack!",
        "服务很好，非常满意。",
        "Çox razıyam, təşəkkürlər!",
        "Muy buena atención 👍",
    ),
}
"""Comments any touchpoint may get, by band."""

TOUCHPOINT_COMMENTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("billing", "low"): (
        "I was charged twice and nobody answered my emails.",
        "The new price is too high for what we get.",
        "The invoice was wrong again",
        "Fakturan var fel och ingen svarade på mejlet.",
        "价格涨了，服务没变好。",
        "退款太慢了。",
        "Faktura səhv idi.",
        "El reembolso tardó semanas.",
        "Nobody explained the price change.\nWe found out from the invoice.",
    ),
    ("delivery", "low"): (
        "Delivery was late and the box was damaged 📦",
        "Leveransen kom en vecka för sent.",
        "快递太慢了。",
    ),
    ("checkout", "low"): ("App crashed at checkout 😡", "Payment failed twice."),
    ("onboarding", "low"): ("The setup guide skips the important steps.",),
    ("onboarding", "high"): (
        "Smooth onboarding.\nThe checklist helped a lot.",
        "Omar walked us through the new plan — brilliant 🙌",
    ),
    ("delivery", "high"): ("Arrived a day early!", "Leveransen var snabb, tack!"),
}
"""Comments that only make sense for one touchpoint."""


def _comment(rng: random.Random, touchpoint: str, band: str) -> str:
    specific = TOUCHPOINT_COMMENTS.get((touchpoint, band), ())
    if specific and rng.random() < 0.7:
        return rng.choice(specific)
    return rng.choice(COMMENTS[band])


FIRST_NAMES = ("anna", "omar", "li", "sara", "jonas", "aysel", "carlos", "mei", "erik", "fatima")


def _csat(rng: random.Random, quality: float) -> int:
    weights = [0.2 - 0.17 * quality, 0.14 - 0.1 * quality, 0.16, 0.3, 0.2 + 0.45 * quality]
    return rng.choices(range(1, 6), weights)[0]


def _quality(touchpoint: str, day: date, plan: str) -> float:
    if touchpoint == "billing" and PRICE_CHANGE <= day < PRICE_CHANGE + timedelta(DIP_DAYS):
        return -0.3
    base = {"support ticket": 0.55, "onboarding": 0.65, "checkout": 0.6, "delivery": 0.45,
            "billing": 0.55}[touchpoint]  # fmt: skip
    return base + (0.1 if plan == "enterprise" else 0)


def _nps(rng: random.Random, csat: int, plan: str, day: date) -> int:
    lift = 1.0 if plan == "pro" and day >= PRO_IMPROVES else 0.0
    return min(10, max(0, round(rng.gauss(3.2 + 1.2 * csat + lift, 1.6))))


def demo_records(seed: int = 7, per_day: int = 60) -> Iterator[tuple[str, Record]]:
    """(source name, record) for every demo response, oldest first."""
    rng = random.Random(seed)
    customers = [f"{rng.choice(FIRST_NAMES)}.{i}@example.com" for i in range(2500)]
    day = START
    n = 0
    while day <= END:
        for _ in range(rng.randint(per_day - 15, per_day + 15)):
            n += 1
            source = rng.choices(SOURCES, [s.share for s in SOURCES])[0]
            touchpoint = rng.choice(source.touchpoints)
            plan = rng.choice(PLANS)
            csat = _csat(rng, _quality(touchpoint, day, plan))
            at = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
                seconds=rng.randrange(86400)
            )
            answers = [Answer("csat", source.csat_question, csat, "1-5")]
            if source.nps_question and rng.random() < 0.7:
                answers.append(
                    Answer("nps", source.nps_question, _nps(rng, csat, plan, day), "0-10")
                )
            if source.ces_question and rng.random() < 0.5:
                ces = min(7, max(1, csat + rng.choice((-1, 0, 1, 2))))
                answers.append(Answer("ces", source.ces_question, ces, "1-7"))
            band = "low" if csat <= 2 else "high" if csat >= 4 else "neutral"
            if band == "high" and any(a.metric == "nps" and a.score <= 6 for a in answers):
                band = "neutral"  # a detractor does not write praise, whatever their CSAT
            comment = _comment(rng, touchpoint, band) if rng.random() < 0.55 else None
            yield source.name, Record(
                line=n,
                external_id=f"{source.name[:2].upper()}-{n:06d}",
                submitted_at=at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                respondent=rng.choice(customers),
                touchpoint=touchpoint,
                segment=plan,
                channel=rng.choice(CHANNELS),
                comment=comment,
                complete=rng.random() > 0.03,
                attributes={"Country": rng.choice(("SE", "AZ", "CN", "ES", "US", "GB")),
                            "Browser": rng.choice(("Firefox", "Chrome", "Safari"))},
                answers=answers,
            )  # fmt: skip
        day += timedelta(days=1)


def story_customers() -> Iterator[tuple[str, Record]]:
    """A few respondents whose histories make them at risk or advocates."""
    histories: dict[str, list[tuple[int, int | None]]] = {
        "maria.at-risk@example.com": [(1, 3), (2, None), (1, 2)],
        "johan.at-risk@example.com": [(4, None), (2, None), (1, None), (2, None)],
        "leyla.detractor@example.com": [(5, 9), (2, 4)],
        "wei.advocate@example.com": [(3, 7), (5, 10)],
        "pedro.advocate@example.com": [(5, 9), (4, 10), (5, 10)],
    }
    n = 0
    for who, answers in histories.items():
        for k, (csat, nps) in enumerate(answers):
            n += 1
            at = datetime(2026, 10, 1, 9, tzinfo=UTC) + timedelta(days=10 * k, hours=n)
            rating = [Answer("csat", "How satisfied are you with your experience?", csat, "1-5")]
            if nps is not None:
                rating.append(Answer("nps", "How likely are you to recommend us?", nps, "0-10"))
            yield (
                "surveymonkey",
                Record(
                    line=n,
                    external_id=f"SM-STORY-{n:03d}",
                    submitted_at=at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    respondent=who,
                    touchpoint="billing" if csat <= 2 else "onboarding",
                    segment="pro",
                    channel="email",
                    comment="Charged again for a plan we cancelled."
                    if csat <= 2
                    else "All good now.",
                    answers=rating,
                ),
            )
