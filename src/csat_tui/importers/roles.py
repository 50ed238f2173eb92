"""Guessing what a column means from its header, and reading `--map COLUMN=ROLE[:SCALE]`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Literal, cast

from csat_tui.errors import ImportFileError
from csat_tui.importers.model import ROLES, Role
from csat_tui.records import PEOPLE_HEADERS
from csat_tui.records import normalise as normalise
from csat_tui.scoring.scales import METRICS, Metric, Scale, rule_for

RATING_ROLES: frozenset[Role] = frozenset(cast("tuple[Role, ...]", METRICS))
"""Roles that make a column a rating question: several columns may share one."""

MapRole = Role | Literal["attribute", "date"]
"""What `--map` and presets may give a column: a role, or `attribute` (kept in `attributes`,
never guessed) or `date` (kept in `attributes` as a UTC time)."""

MAP_ROLES: tuple[MapRole, ...] = (*ROLES, "attribute", "date")

_NAMED: dict[Role, tuple[str, ...]] = {
    "csat": ("csat", "csat score", "csat rating", "satisfaction", "satisfaction score",
             "satisfaction rating", "customer satisfaction"),
    "nps": ("nps", "nps score", "nps rating", "net promoter score"),
    "ces": ("ces", "ces score", "effort score", "customer effort score"),
    "comment": ("comment", "comments", "feedback", "verbatim", "remarks"),
    "touchpoint": ("touchpoint", "touch point", "survey", "survey name"),
    "segment": ("segment", "customer segment", "plan", "tier", "customer tier"),
    "channel": ("channel", "channel name", "source channel", "contact channel",
                "kanal", "kanalname", "canal", "canale", "kanaal", "nom du canal",
                "nombre del canal", "nome do canal"),
    "respondent": ("email", "e mail", "email address", "respondent", "respondent id",
                   "respondent email", "customer", "customer id", "customer email", "user",
                   "user id", "user email", "contact", "contact email"),
    "external_id": ("response id", "responseid", "id", "submission id", "unique id",
                    "uniqueid", "ticket id", "ticketid", "conversation id", "conversationid",
                    "svar id", "svars id", "ärende id", "ärendenummer", "antwort id",
                    "ticket nummer", "ticketnummer", "id de réponse", "id réponse",
                    "numéro de ticket", "id de respuesta", "id del ticket", "id da resposta",
                    "id risposta", "antwoord id"),
    "submitted_at": ("submitted at", "submitted", "submitted on", "date submitted", "date",
                     "timestamp", "time", "datetime", "created at", "created", "created on",
                     "completed at", "submission date", "response date"),
}  # fmt: skip

_PEOPLE_NAMED = PEOPLE_HEADERS

NAMES: Mapping[str, Role] = {
    name: role for role, names in (*_NAMED.items(), *_PEOPLE_NAMED.items()) for name in names
}
"""Normalised headers that name a role outright."""

_COMMENT_PHRASES = (
    # English: "Anything else?", "Any other thoughts", "Tell us more", "What could we do better?"
    r"\banything else\b", r"\bany other\b", r"\btell us\b", r"\bdo better\b",
    r"\bimprove\w*", r"\bsuggestions?\b",
    # Swedish
    r"\bkommentar\w*", r"\bsynpunkt\w*", r"\bvarför\b", r"\banledning\w*",
    r"\bnågot annat\b", r"\bövrig\w*", r"\bberätta\b", r"\bförbättra\w*",
    # German (kommentar above)
    r"\banmerkung\w*", r"\bbemerkung\w*", r"\bsonst noch\b", r"\bsonstige\w*",
    r"\bwarum\b", r"\bgrund\b", r"\bbesser machen\b", r"\bverbesser\w*",
    r"\brückmeldung\w*", r"\banregung\w*",
    # French
    r"\bremarques?\b", r"\bautre chose\b", r"\bpourquoi\b", r"\braison\b",
    r"\bamélior\w*", r"\bdites nous\b",
    # Spanish
    r"\bcomentarios?\b", r"\balgo más\b", r"\bpor qué\b", r"\brazón\b", r"\bmotivo\b",
    r"\bmejorar\b", r"\bcuént[ae]nos\b", r"\bsugerencias?\b", r"\bobservaciones\b",
    # Portuguese (motivo above)
    r"\bcomentários?\b", r"\balgo mais\b", r"\bpor que\b", r"\bpor quê\b", r"\bporquê\b",
    r"\brazão\b", r"\bmelhorar\b", r"\bconte nos\b", r"\bsugest(?:ão|ões)\b", r"\bobservações\b",
    # Italian
    r"\bcommenti\b", r"\bqualcos altro\b", r"\bperché\b", r"\bmigliorare\b",
    r"\braccontaci\b", r"\bsuggeriment\w*", r"\bosservazioni\b",
    # Dutch
    r"\bopmerking\w*", r"\bcommentaar\b", r"\bnog iets\b", r"\bwaarom\b", r"\breden\b",
    r"\bverbeter\w*", r"\bvertel\b", r"\btoelichting\b",
)  # fmt: skip
"""Wording of an open question, in the languages the importers know (en sv de fr es pt it nl)."""

_RECOMMEND_WORDS = (
    r"\brecomi?end\w*",  # Spanish recomiendes, recomendarías; Portuguese recomendaria
    r"\brecommand\w*",  # French recommander, recommanderiez
    r"\b(?:weiter)?empfehl\w*",  # German empfehlen, weiterempfehlen
    r"\braccomand\w*",
    r"\bconsiglier\w*",  # Italian raccomandare, consiglieresti
    r"\baanbe(?:vel|veel)\w*",
    r"\baanraden\b",  # Dutch
    r"\brekommend\w*",  # Swedish rekommendera
)
"""Likelihood-to-recommend wording (the NPS question) in the other languages the importers know."""

WORDS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("nps", re.compile(r"\brecommend\w*|\blikely\b|\bnps\b|" + "|".join(_RECOMMEND_WORDS))),
    ("ces", re.compile(r"\beas(?:y|ily|e)\b|\beffort\w*")),
    ("csat", re.compile(r"\b(?:dis)?satisf\w*|\bcsat\b")),
    ("csat", re.compile(r"\brat(?:e|ing)\b")),
    ("comment", re.compile(r"\bcomment\w*|\bfeedback\b|\breason\w*|\bwhy\b|\bexplain\w*")),
    ("comment", re.compile("|".join(_COMMENT_PHRASES))),
    ("submitted_at", re.compile(r"\bdate\b|\btime(?:stamp)?\b|\bsubmitted\b|\bcreated\b|\bat$")),
)
"""Question wording that suggests a role, tried in this order."""

CLOSED_QUESTION = re.compile(
    r"\b(?:options?|select\w*|choose|pick one|check all|tick all"
    r"|opci[oó]n\w*|elij[ae]|elige|selecci[oó]n\w*|marc[ae] tod\w*|marque tod\w*"
    r"|opç(?:ão|ões)|escolh\w*|selecion\w*"
    r"|choisi\w*|sélectionn\w*|cochez"
    r"|wählen|auswählen|ankreuzen|zutreffende"
    r"|opzion[ei]|scegli\w*|selezion\w*"
    r"|opties?|kies|selecteer|aankruisen"
    r"|alternativ\w*|välj|markera)\b"
)
"""Wording of a closed question, one that asks to pick among options ("Which option best
describes…", "¿Qué opción…?", "marca todas las que apliquen"), in the languages the importers
know: its answers are choices, never the comment, however long they are."""


def guess_roles(header: str) -> list[tuple[Role, str, bool]]:
    """Roles the header suggests, best first: (role, why, named outright)."""
    key = normalise(header)
    found: list[tuple[Role, str, bool]] = []
    named = NAMES.get(key)
    if named is not None:
        found.append((named, f"header is '{header}'", True))
    for role, pattern in WORDS:
        match = pattern.search(key)
        if match and role != named:
            found.append((role, f"header says '{match[0].strip()}'", False))
    return found


def is_closed_question(header: str) -> bool:
    """True when the header asks to pick an option (a closed question, not an open one)."""
    return CLOSED_QUESTION.search(normalise(header)) is not None


def parse_role(text: str) -> tuple[MapRole, Scale | None]:
    """Read `csat`, `csat:1-7`, `comment`, `date`…; ValueError with a message for people."""
    name, _, scale_text = text.strip().partition(":")
    role = cast(MapRole, name.strip().casefold())
    if role not in MAP_ROLES:
        raise ValueError(f"unknown role '{name.strip()}'; roles are: {', '.join(MAP_ROLES)}")
    if not scale_text:
        return role, None
    if role not in RATING_ROLES:
        raise ValueError(f"'{text}': only csat, nps and ces take a scale")
    try:
        scale = Scale.parse(scale_text.strip())
        rule_for(cast(Metric, role), scale)
    except ValueError:
        raise ValueError(f"'{text}': {role} is not answered on a {scale_text} scale") from None
    return role, scale


def find_header(headers: Sequence[str], name: str) -> int | None:
    """The index of a header, matched exactly first, then case-insensitively."""
    if name in headers:
        return headers.index(name)
    folded = name.strip().casefold()
    for i, header in enumerate(headers):
        if header.strip().casefold() == folded:
            return i
    return None


def read_mapping(
    path: str, headers: Sequence[str], mapping: Mapping[str, str]
) -> dict[int, tuple[MapRole, Scale | None]]:
    """`--map` as column index → (role, scale); ImportFileError naming what is wrong."""
    chosen: dict[int, tuple[MapRole, Scale | None]] = {}
    holder: dict[MapRole, str] = {}
    for column, role_text in mapping.items():
        index = find_header(headers, column)
        if index is None:
            listed = ", ".join(f"'{h}'" for h in headers)
            raise ImportFileError(
                f"{path}: --map names a column '{column}' that is not in the file; "
                f"its columns are: {listed}"
            )
        try:
            role, scale = parse_role(role_text)
        except ValueError as error:
            raise ImportFileError(f"{path}: --map {column}={role_text}: {error}") from None
        if role not in RATING_ROLES and role not in ("ignore", "attribute", "date"):
            if role in holder:
                raise ImportFileError(
                    f"{path}: --map gives the role {role} to both '{holder[role]}' and "
                    f"'{headers[index]}'; only rating roles may be given to several columns"
                )
            holder[role] = headers[index]
        chosen[index] = (role, scale)
    return chosen
