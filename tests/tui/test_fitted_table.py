"""The fitted table's rule: the columns that must stay are always shown whole, and the others
only as far as the room allows, least needed left out first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text

from csat_tui.tui.widgets.fitted_table import Column, fit, natural_widths

PADDING = 1


@st.composite
def layouts(draw: st.DrawFn) -> tuple[list[Column], dict[str, int], int]:
    """Columns (some that must stay, some with a least width), their widths and a room."""
    count = draw(st.integers(1, 8))
    columns = [
        Column(
            f"c{i}",
            f"C{i}",
            keep=draw(st.integers(0, 4)),
            least=draw(st.none() | st.integers(1, 20)),
        )
        for i in range(count)
    ]
    widths = {c.key: draw(st.integers(1, 40)) for c in columns}
    return columns, widths, draw(st.integers(0, 200))


def _total(shown: list[tuple[Column, int]]) -> int:
    return sum(width + 2 * PADDING for _, width in shown)


@given(layouts())
def test_the_columns_that_must_stay_are_whole_and_the_rest_fit(
    layout: tuple[list[Column], dict[str, int], int],
) -> None:
    columns, widths, room = layout
    shown = fit(columns, widths, room, PADDING)
    keys = [c.key for c, _ in shown]
    assert keys == [c.key for c in columns if c.key in keys]  # in their order
    must = [c for c in columns if c.keep == 0]
    assert all((c, widths[c.key]) in shown for c in must)  # always, whole
    if _total([(c, widths[c.key]) for c in must]) <= room:
        assert _total(shown) <= room  # nothing scrolls sideways when the musts fit
    for column, width in shown:
        # Whole, or (a column that may be cut) at least its least width.
        assert width == widths[column.key] or (
            column.least is not None and column.least <= width < widths[column.key]
        )
    # A column left out would not have fitted whole in the room left.
    for column in columns:
        if column.key not in keys:
            assert _total(shown) + widths[column.key] + 2 * PADDING > room


@given(layouts())
def test_with_room_for_everything_every_column_is_whole(
    layout: tuple[list[Column], dict[str, int], int],
) -> None:
    columns, widths, _ = layout
    room = sum(width + 2 * PADDING for width in widths.values())
    assert fit(columns, widths, room, PADDING) == [(c, widths[c.key]) for c in columns]


def test_a_column_is_as_wide_as_its_widest_cell_or_label_up_to_its_most() -> None:
    columns = [Column("name", "Name"), Column("tags", "Top tags", most=10), Column("n", "n")]
    rows = [
        {"name": Text("Ada"), "tags": Text("billing, delivery, refund"), "n": Text("1,200")},
        {"name": Text("Maria-Fernanda Castellanos"), "n": Text("3")},
        {"name": Text("李小龍")},  # wide characters: two cells each
    ]
    assert natural_widths(columns, rows) == {"name": 26, "tags": 10, "n": 5}
    assert natural_widths(columns, []) == {"name": 4, "tags": 8, "n": 1}
    assert natural_widths(columns, [{"name": Text("李小龍李小龍李小龍李小龍李小龍")}])["name"] == 30
