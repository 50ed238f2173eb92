"""What each audit-trail entry did, read from its before and after snapshots.

Every triage action stores the rows it could touch before and after it (see
`store/triage.py`); this module compares the two and says what changed: the tags added
and removed, the follow-up fields before → after, triaged or back in the queue, tags
renamed, merged or deleted. `changes` gives the structure (for JSON), `describe` the
words (for the CLI table and the app's detail screen). The text is untrusted: callers
show it through their sanitiser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

FOLLOWUP_FIELDS = ("status", "owner", "due_date", "note")
"""The follow-up fields a person sets, in the order the history names them."""

_FIELD_WORDS = {"status": "status", "owner": "owner", "due_date": "due", "note": "note"}
_STATUS_WORDS = {
    "open": "open",
    "in_progress": "in progress",
    "done": "done",
    "wont_do": "won't do",
}
_NOTE_CHARS = 60
_GROUPS = 3


class Event(Protocol):
    """An audit-trail entry as the services return it."""

    @property
    def id(self) -> int: ...
    @property
    def action(self) -> str: ...
    @property
    def before(self) -> Any: ...
    @property
    def after(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One follow-up field before and after (None: not set, or no follow-up)."""

    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class ResponseChange:
    """What one action did to one response."""

    response_id: int
    tags_added: tuple[str, ...] = ()
    tags_removed: tuple[str, ...] = ()
    followup: tuple[FieldChange, ...] = ()
    """Only the fields that changed."""
    followup_created: bool = False
    followup_removed: bool = False
    triaged: bool | None = None
    """True: marked triaged; False: back in the queue; None: unchanged."""

    @property
    def changed(self) -> bool:
        return bool(
            self.tags_added
            or self.tags_removed
            or self.followup
            or self.followup_created
            or self.followup_removed
            or self.triaged is not None
        )


@dataclass(frozen=True, slots=True)
class TagChange:
    """What one action did to one tag: its name and how many responses carry it."""

    tag_id: int
    name_before: str | None
    name_after: str | None
    """None: the tag did not exist (before) or no longer does (after)."""
    responses_before: int
    responses_after: int


@dataclass(frozen=True, slots=True)
class Changes:
    """Everything one audit-trail entry changed."""

    action: str
    response_ids: tuple[int, ...]
    """The responses the action was on (empty for tag care)."""
    responses: tuple[ResponseChange, ...]
    """One entry per response the action was on, changed or not."""
    tags: tuple[TagChange, ...]
    undid: int | None
    """For an undo: the entry it reverted."""

    def for_response(self, response_id: int) -> ResponseChange | None:
        return next((c for c in self.responses if c.response_id == response_id), None)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _rows(snapshot: dict[str, Any], part: str) -> list[list[Any]]:
    rows = snapshot.get(part)
    return [r for r in rows if isinstance(r, list) and r] if isinstance(rows, list) else []


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def tag_names_of(event: Event, known: Mapping[int, str] | None = None) -> dict[int, str]:
    """Tag id → name, from what the entry recorded, else `known` (the store's tags now)."""
    names: dict[int, str] = dict(known or {})
    before, after = _dict(event.before), _dict(event.after)
    for snapshot in (after, before):
        for row in _rows(snapshot, "tags"):
            if len(row) > 1 and _int(row[0]) is not None:
                names.setdefault(row[0], str(row[1]))
    recorded = after.get("tag_names")
    if isinstance(recorded, dict):
        # Names as they were when the action ran win over today's names.
        for key, name in recorded.items():
            if str(key).lstrip("-").isdigit():
                names[int(key)] = str(name)
    return names


def _tag_sets(snapshot: dict[str, Any]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for row in _rows(snapshot, "response_tags"):
        response, tag = _int(row[0]), _int(row[1]) if len(row) > 1 else None
        if response is not None and tag is not None:
            out.setdefault(response, set()).add(tag)
    return out


def _followups(snapshot: dict[str, Any]) -> dict[int, dict[str, str | None]]:
    # Rows are (response_id, status, owner, due_date, note, created_at, updated_at).
    out: dict[int, dict[str, str | None]] = {}
    for row in _rows(snapshot, "followups"):
        response = _int(row[0])
        if response is not None:
            values = [*row[1:5], None, None, None, None][:4]
            out[response] = {f: _text(v) for f, v in zip(FOLLOWUP_FIELDS, values, strict=True)}
    return out


def _triaged(snapshot: dict[str, Any]) -> set[int]:
    return {r for row in _rows(snapshot, "triaged") if (r := _int(row[0])) is not None}


def _guess_names(event: Event, names: dict[int, str], changed: set[int]) -> None:
    """Entries written before names were recorded: a tag or untag of one name names its tag."""
    given = _dict(event.after).get("names")
    unknown = changed - set(names)
    if isinstance(given, list) and len(given) == 1 and len(changed) == 1 and unknown:
        names[unknown.pop()] = str(given[0])


def changes(event: Event, known_tags: Mapping[int, str] | None = None) -> Changes:
    """What an entry changed, from its snapshots. `known_tags` (tag id → today's name)
    names tags the entry itself did not record."""
    before, after = _dict(event.before), _dict(event.after)
    raw_ids = before.get("ids")
    ids = [i for i in raw_ids if _int(i) is not None] if isinstance(raw_ids, list) else []
    undid = _int(after.get("undid"))
    if before.get("scope") == "tags":
        return Changes(event.action, (), (), _tag_changes(before, after, ids), undid)
    names = tag_names_of(event, known_tags)
    tags_before, tags_after = _tag_sets(before), _tag_sets(after)
    _guess_names(
        event,
        names,
        {t for i in ids for t in tags_before.get(i, set()) ^ tags_after.get(i, set())},
    )
    follow_before, follow_after = _followups(before), _followups(after)
    triaged_before, triaged_after = _triaged(before), _triaged(after)

    def name(tag_id: int) -> str:
        return names.get(tag_id, f"tag #{tag_id}")

    found: list[ResponseChange] = []
    for i in ids:
        old, new = tags_before.get(i, set()), tags_after.get(i, set())
        f_old, f_new = follow_before.get(i), follow_after.get(i)
        fields = tuple(
            FieldChange(f, (f_old or {}).get(f), (f_new or {}).get(f))
            for f in FOLLOWUP_FIELDS
            if (f_old or {}).get(f) != (f_new or {}).get(f)
        )
        was, now = i in triaged_before, i in triaged_after
        found.append(
            ResponseChange(
                response_id=i,
                tags_added=tuple(sorted((name(t) for t in new - old), key=str.casefold)),
                tags_removed=tuple(sorted((name(t) for t in old - new), key=str.casefold)),
                followup=fields,
                followup_created=f_old is None and f_new is not None,
                followup_removed=f_old is not None and f_new is None,
                triaged=None if was == now else now,
            )
        )
    return Changes(event.action, tuple(ids), tuple(found), (), undid)


def _tag_changes(
    before: dict[str, Any], after: dict[str, Any], ids: list[int]
) -> tuple[TagChange, ...]:
    def named(snapshot: dict[str, Any]) -> dict[int, str]:
        return {r[0]: str(r[1]) for r in _rows(snapshot, "tags") if len(r) > 1}

    def counts(snapshot: dict[str, Any]) -> dict[int, int]:
        out: dict[int, int] = {}
        for row in _rows(snapshot, "response_tags"):
            if len(row) > 1 and (tag := _int(row[1])) is not None:
                out[tag] = out.get(tag, 0) + 1
        return out

    old, new = named(before), named(after)
    n_old, n_new = counts(before), counts(after)
    return tuple(
        TagChange(
            tag_id=i,
            name_before=old.get(i),
            name_after=new.get(i),
            responses_before=n_old.get(i, 0),
            responses_after=n_new.get(i, 0),
        )
        for i in ids
    )


# Words -------------------------------------------------------------------------------


def _value(field: str, value: str | None) -> str:
    if value is None or value == "":
        return "–"
    if field == "status":
        return _STATUS_WORDS.get(value, value)
    if field == "note":
        short = value if len(value) <= _NOTE_CHARS else value[: _NOTE_CHARS - 1] + "…"
        return repr(short)
    return value


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def describe_response(change: ResponseChange) -> str:
    """One response's change in words: "added the tag billing; follow-up owner – → kim"."""
    parts: list[str] = []
    if change.tags_added:
        word = "tag" if len(change.tags_added) == 1 else "tags"
        parts.append(f"added the {word} {', '.join(change.tags_added)}")
    if change.tags_removed:
        word = "tag" if len(change.tags_removed) == 1 else "tags"
        parts.append(f"removed the {word} {', '.join(change.tags_removed)}")
    fields = ", ".join(
        f"{_FIELD_WORDS[c.field]} {_value(c.field, c.before)} → {_value(c.field, c.after)}"
        for c in change.followup
    )
    if change.followup_created:
        # A new follow-up had nothing before: its values alone say it.
        values = ", ".join(
            f"{_FIELD_WORDS[c.field]} {_value(c.field, c.after)}"
            for c in change.followup
            if c.after is not None
        )
        parts.append(f"opened a follow-up: {values}" if values else "opened a follow-up")
    elif change.followup_removed:
        parts.append(f"removed the follow-up: {fields}" if fields else "removed the follow-up")
    elif fields:
        parts.append(f"changed the follow-up: {fields}")
    if change.triaged is True:
        parts.append("marked triaged")
    elif change.triaged is False:
        parts.append("untriaged: back in the queue")
    return "; ".join(parts)


def _describe_tag(change: TagChange, action: str) -> str:
    old, new = change.name_before, change.name_after
    if old is not None and new is None:
        on = _plural(change.responses_before, "response")
        return f"{'merged away' if action == 'merge_tags' else 'deleted'} the tag {old} ({on})"
    if old is None and new is not None:
        return f"brought back the tag {new} ({_plural(change.responses_after, 'response')})"
    parts: list[str] = []
    if old is not None and new is not None and old != new:
        parts.append(f"renamed the tag {old} → {new}")
    if change.responses_before != change.responses_after:
        parts.append(
            f"the tag {new} on {change.responses_before} → "
            f"{_plural(change.responses_after, 'response')}"
        )
    return "; ".join(parts)


_NOTHING = {
    "tag": "tagged, but every response had those tags already",
    "untag": "untagged, but no response had those tags",
    "followup": "saved the follow-up unchanged",
    "triaged": "marked triaged, but it was already",
}


def describe(found: Changes, response_id: int | None = None) -> str:
    """The whole entry in words; with `response_id`, what it did to that response."""
    if found.tags:
        text = "; ".join(t for c in found.tags if (t := _describe_tag(c, found.action)))
    else:
        chosen = [c for c in found.responses if response_id is None or c.response_id == response_id]
        groups: dict[str, list[int]] = {}
        for c in chosen:
            if c.changed:
                groups.setdefault(describe_response(c), []).append(c.response_id)
        if len(groups) == 1 and response_id is None and len(chosen) > 1:
            ((only, on),) = groups.items()
            text = only if len(on) == len(chosen) else f"{only} ({_on(on)})"
        elif len(groups) <= 1:
            text = next(iter(groups), "")
        else:
            # A bulk action that did different things to different responses: the
            # largest groups first, a few of them, and how many kinds are left.
            ranked = sorted(groups.items(), key=lambda item: -len(item[1]))
            text = "; ".join(f"{words} ({_on(on)})" for words, on in ranked[:_GROUPS])
            if len(ranked) > _GROUPS:
                text += f"; and {len(ranked) - _GROUPS} other changes"
    if not text:
        text = _NOTHING.get(found.action, "changed nothing")
    if found.undid is not None:
        return f"undid #{found.undid}: {text}"
    return text


def _on(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:5])
    more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
    return f"{'response' if len(ids) == 1 else 'responses'} {shown}{more}"


def changes_json(found: Changes) -> dict[str, Any]:
    """The structure for `history --format json`: before and after of every change."""
    out: dict[str, Any] = {}
    if found.undid is not None:
        out["undid"] = found.undid
    if found.tags:
        out["tags"] = [
            {
                "tag_id": c.tag_id,
                "name": {"before": c.name_before, "after": c.name_after},
                "responses": {"before": c.responses_before, "after": c.responses_after},
            }
            for c in found.tags
        ]
        return out
    out["responses"] = [
        {
            "response_id": c.response_id,
            "tags_added": list(c.tags_added),
            "tags_removed": list(c.tags_removed),
            "followup": {f.field: {"before": f.before, "after": f.after} for f in c.followup},
            "triaged": None if c.triaged is None else {"before": not c.triaged, "after": c.triaged},
        }
        for c in found.responses
        if c.changed
    ]
    return out
