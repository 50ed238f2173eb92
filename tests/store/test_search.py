"""Search over comments in every language of the data, with phrases and exclusions."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csat_tui.filters import Filter
from csat_tui.store.browse import page
from csat_tui.store.db import Store
from csat_tui.store.search import index_text
from csat_tui.text_search import normalize, parse_query, tokens
from tests.helpers import record, write

COMMENTS = {
    "en-refund": "I asked for a refund three times. Too late now.",
    "en-great": "Great service, the refund came fast",
    "sv": "Fakturan var fel och jätte-bra support ändå. Åtgärda det!",
    "sv-caps": "KUNDTJÄNST svarade aldrig",
    "az": "XİDMƏTİ çox zəif idi, şirkət cavab vermədi",
    "az-lower": "istanbul ofisi yaxşı idi",
    "zh-refund": "退款太慢了，客服也不回复。",
    "zh-good": "服务很好，非常满意。",
    "zh-one": "慢",
    "emoji": "App crashed at checkout 😡 again",
    "markup": "[bold]refund[/bold] \x1b]0;title\x07 ‮reversed",
    "none": "",
}


@pytest.fixture
def searchable(store: Store) -> Store:
    write(store, [record(3, external_id=key, comment=text) for key, text in COMMENTS.items()])
    write(store, [record(1, external_id="İstanbul", comment="İstanbul şubesi kötü")], source="x")
    return store


def found(store: Store, text: str) -> set[str]:
    return {r.external_id for r in page(store, Filter(text=text), limit=100).rows}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("refund", {"en-refund", "en-great", "markup"}),
        ("REFUND -late", {"en-great", "markup"}),
        ('"too late"', {"en-refund"}),
        ('"late too"', set()),
        ("jätte-bra", {"sv"}),
        ("åtgärda", {"sv"}),
        ("atgarda", set()),  # å and a are different letters
        ("kundtjänst", {"sv-caps"}),
        ("xidməti", {"az"}),
        ("ŞİRKƏT", {"az"}),
        ("istanbul", {"az-lower", "İstanbul"}),
        ("退款", {"zh-refund"}),
        ("慢", {"zh-refund", "zh-one"}),
        ("服务 满意", {"zh-good"}),
        ('"很好"', {"zh-good"}),
        ("退款 -慢", set()),
        ("😡", {"emoji"}),  # no words to index: the text itself is looked for
        ("crashed", {"emoji"}),
        ("title", {"markup"}),
        ("bold", {"markup"}),
        (
            "-refund",
            set(COMMENTS) - {"en-refund", "en-great", "markup", "none"} | {"none", "İstanbul"},
        ),
    ],
)
def test_each_query_finds_exactly(searchable: Store, query: str, expected: set[str]) -> None:
    assert found(searchable, query) == expected


def test_search_combines_with_other_filters(searchable: Store) -> None:
    flt = Filter(text="refund", sources=("generic",), band="neutral")
    assert {r.external_id for r in page(searchable, flt).rows} == {
        "en-refund",
        "en-great",
        "markup",
    }
    assert page(searchable, Filter(text="refund", sources=("x",))).rows == []


def test_searches_without_words_look_for_the_text(searchable: Store) -> None:
    assert parse_query("-- ... !!").is_empty
    assert found(searchable, "-- ...") == set()
    assert found(searchable, "，") == {"zh-refund", "zh-good"}
    assert found(searchable, "   ") == set(COMMENTS) | {"İstanbul"}


@given(st.text(max_size=40))
def test_indexed_tokens_read_back_as_the_same_tokens(text: str) -> None:
    assert tokens(normalize(text)) == tokens(text)
    assert tokens(" ".join(tokens(text))) == tokens(text)
    query = parse_query(text)
    for phrase in (*query.include, *query.exclude):
        assert all(t and '"' not in t for t in phrase)


CJK_AND_NEIGHBOURS = st.characters(
    codec="utf-8", categories=("L", "M", "N", "P", "S", "Z", "Cc")
) | st.sampled_from("中文・ー゛ゝ々〆\u3099\u309a\u30fb\uff61ｱ\uff9e\u0130\u0307ß_\u00a0\ufeff")


@given(st.text(CJK_AND_NEIGHBOURS, max_size=40) | st.sampled_from(list(COMMENTS.values())))
def test_the_index_holds_the_query_tokens(text: str) -> None:
    # index_text is a one-pass version of tokens(), written for import speed.
    assert index_text(text) == (" ".join(tokens(text)) or None)


@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=60))
def test_ascii_indexed_raw_holds_exactly_the_python_tokens(text: str) -> None:
    import sqlite3

    from csat_tui.store.search import _BODY, CREATE_TABLE, _register

    conn = sqlite3.connect(":memory:")
    _register(conn)
    conn.execute(CREATE_TABLE)
    conn.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, comment_index, instance)")
    # What an import writes: ASCII goes in as it is, anything else through index_text.
    conn.execute("CREATE TABLE responses (id INTEGER PRIMARY KEY, comment TEXT)")
    conn.execute("INSERT INTO responses VALUES (1, ?)", (text,))
    raw = conn.execute(f"SELECT {_BODY} FROM responses").fetchone()[0]
    assert raw == text or "\x00" in text
    conn.execute(f"INSERT INTO comment_index (rowid, body) SELECT id, {_BODY} FROM responses")
    terms = conn.execute("SELECT term FROM temp.terms ORDER BY doc, col, offset").fetchall()
    assert [term for (term,) in terms] == tokens(text)
    for token in tokens(text):
        hits = conn.execute(
            "SELECT rowid FROM comment_index WHERE comment_index MATCH ?", (f'"{token}"',)
        ).fetchall()
        assert hits == [(1,)], token


@given(st.text(CJK_AND_NEIGHBOURS, min_size=1, max_size=40) | st.text(max_size=40).filter(bool))
def test_the_body_an_import_tokenises_is_what_sql_would_index(text: str) -> None:
    # The writer indexes each batch's comments as the reading process tokenised them
    # (`index_body`); a store made before indexes them with `_BODY` in SQL: both the same.
    import sqlite3

    from csat_tui.store.search import _BODY, _register, index_body

    conn = sqlite3.connect(":memory:")
    _register(conn)
    sql = conn.execute(f"SELECT {_BODY} FROM (SELECT ? AS comment)", (text,)).fetchone()[0]
    assert index_body(text) == sql


def _postings(conn: sqlite3.Connection, table: str) -> list[tuple[str, int, int]]:
    conn.execute(f"CREATE VIRTUAL TABLE temp.v_{table} USING fts5vocab(main, {table}, instance)")
    return conn.execute(f"SELECT term, doc, offset FROM temp.v_{table} ORDER BY 1, 2, 3").fetchall()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.lists(
        st.tuples(st.integers(0, 9), st.text(CJK_AND_NEIGHBOURS, max_size=12)), max_size=12
    ),
    second=st.lists(
        st.tuples(st.integers(0, 14), st.text(CJK_AND_NEIGHBOURS, max_size=12)), max_size=12
    ),
)
def test_imports_index_every_stored_comment_once(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    first: list[tuple[int, str]],
    second: list[tuple[int, str]],
) -> None:
    # Batch by batch (3 records), with copies in the file and ids stored before: the index
    # holds exactly the stored comments, as a rebuild from `responses` in SQL would.
    from csat_tui.store import prepare as prepare_module
    from csat_tui.store.db import open_store
    from csat_tui.store.search import _BODY, CREATE_TABLE, _register

    monkeypatch.setattr(prepare_module, "BATCH_SIZE", 3)
    with open_store(tmp_path_factory.mktemp("s") / "s.db") as store:
        for n, items in enumerate((first, second)):
            write(
                store,
                [record(4, external_id=f"r{i}", comment=text or None) for i, text in items],
                checksum=str(n),
            )
        conn = store.conn
        expected = sqlite3.connect(":memory:")
        _register(expected)
        expected.execute(CREATE_TABLE)
        expected.execute("CREATE TABLE responses (id INTEGER PRIMARY KEY, comment TEXT)")
        expected.executemany(
            "INSERT INTO responses VALUES (?, ?)",
            conn.execute("SELECT id, comment FROM responses").fetchall(),
        )
        expected.execute(
            f"INSERT INTO comment_index (rowid, body) SELECT id, {_BODY} FROM responses"
            " WHERE comment IS NOT NULL AND comment != ''"
        )
        assert _postings(conn, "comment_index") == _postings(expected, "comment_index")
        docs = conn.execute("SELECT count(*) FROM comment_index_docsize").fetchone()[0]
        assert (
            docs
            == conn.execute(
                "SELECT count(*) FROM responses WHERE comment IS NOT NULL AND comment != ''"
            ).fetchone()[0]
        )
