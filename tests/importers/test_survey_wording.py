"""Questions read in the languages the importer knows: the recommend question is NPS, quality
labels are a 1–5 scale, a closed question is never the comment, and among several open
questions the one asking for comments is the comment."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csat_tui.importers.free_text import could_be_comment
from csat_tui.importers.planning import choose_scale
from csat_tui.importers.roles import guess_roles, is_closed_question
from csat_tui.importers.values import LABEL_SETS, is_choice_label, labels_for, read_score
from csat_tui.scoring.scales import Scale

Load = Callable[..., Any]
ONE_TO_FIVE = Scale(1, 5)


def _csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    "header",
    [
        "¿Qué tan probable es que recomiendes R a un colega?",
        "¿Qué probabilidad hay de que recomiende nuestra empresa?",
        "Qual a probabilidade de você recomendar a empresa a um amigo?",
        "Quelle est la probabilité que vous recommandiez notre service ?",
        "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?",
        "Wie wahrscheinlich würden Sie uns einem Freund empfehlen?",
        "Quanto è probabile che raccomandi il nostro servizio?",
        "Quanto consiglieresti il nostro servizio a un amico?",
        "Hoe waarschijnlijk is het dat u ons aanbeveelt?",
        "Hoe waarschijnlijk is het dat u ons zou aanraden aan een vriend?",
        "Hur troligt är det att du skulle rekommendera oss?",
    ],
)
def test_the_recommend_question_is_nps_in_each_language(header: str) -> None:
    assert guess_roles(header)[0][0] == "nps"


def test_a_spanish_recommend_column_is_imported_as_nps(load: Load) -> None:
    header = "¿Qué tan probable es que recomiendes R a un colega, amiga/o o un familiar?"
    rows = [["12/13/2019 12:02:32", score] for score in (5, 10, 10, 9, 7, 0)]
    result = load("es.csv", _csv(["Timestamp", header], rows))
    assert result.column(header).role == "nps"
    assert [r.answers[0].score for r in result.records] == [5, 10, 10, 9, 7, 0]
    assert result.column("Timestamp").role == "submitted_at"


QUALITY = ["Horrible", "Bad", "OK", "Good", "Excellent"]


def test_horrible_to_excellent_is_csat_one_to_five(load: Load) -> None:
    header = "How would you rate the overall quality of ... [Spack]"
    rng = random.Random(5)
    answers = [rng.choice(QUALITY) for _ in range(60)]
    result = load("q.csv", _csv([header], [[a] for a in answers]))
    column = result.column(header)
    assert (column.role, column.scale) == ("csat", "1-5")
    assert [r.answers[0].score for r in result.records] == [QUALITY.index(a) + 1 for a in answers]
    assert not result.problems


def test_good_and_bad_alone_stay_a_two_point_scale() -> None:
    scale, labels, why = choose_scale("csat", "Was it good?", ["Good", "Bad", "Good"] * 5)
    assert scale == Scale(1, 2)
    assert (labels["good"], labels["bad"]) == (2, 1)
    assert "good/bad" in why


@pytest.mark.parametrize(
    "answers",
    [
        ["Very poor", "Poor", "Fair", "Good", "Excellent"],
        ["Poor", "Fair", "Good", "Very good", "Excellent"],
        ["Terrible", "Poor", "Average", "Good", "Excellent"],
        ["Very bad", "Bad", "Neutral", "Good", "Very good"],
        ["Muy malo", "Malo", "Regular", "Bueno", "Excelente"],
        ["Sehr schlecht", "Schlecht", "Mittelmäßig", "Gut", "Sehr gut"],
        ["Très mauvais", "Mauvais", "Moyen", "Bon", "Très bon"],
        ["Péssimo", "Ruim", "Regular", "Bom", "Ótimo"],
        ["Pessimo", "Scarso", "Sufficiente", "Buono", "Ottimo"],
        ["Zeer slecht", "Slecht", "Matig", "Goed", "Uitstekend"],
        ["Mycket dåligt", "Dåligt", "Godkänt", "Bra", "Mycket bra"],
    ],
)
def test_five_quality_labels_read_worst_to_best(answers: list[str]) -> None:
    # Each vocabulary, its five labels given in the column, reads as 1 to 5 in order, even
    # where another vocabulary gives a label another score ("Good" is 3 of Poor…Excellent).
    scale, labels, _ = choose_scale("csat", "Quality", answers * 3)
    assert scale == ONE_TO_FIVE
    assert [read_score(a, scale, labels) for a in answers] == [1, 2, 3, 4, 5]


def test_a_scale_given_by_map_takes_the_labels_of_the_column() -> None:
    answers = ["Poor", "Fair", "Good", "Very good", "Excellent"]
    scale, labels, _ = choose_scale("csat", "Quality", answers, given=ONE_TO_FIVE)
    assert [read_score(a, scale, labels) for a in answers] == [1, 2, 3, 4, 5]
    # Without values, the first vocabulary listed wins each label.
    assert labels_for("csat", ONE_TO_FIVE)["good"] == 4


def test_ok_stays_an_open_answer() -> None:
    assert not is_choice_label("OK")
    assert is_choice_label("Excellent")


@given(st.sampled_from([s for s in LABEL_SETS if s.scale == ONE_TO_FIVE]), st.data())
def test_every_five_point_vocabulary_reads_its_own_labels(label_set: Any, data: Any) -> None:
    # Whatever answers a column gives from one vocabulary, each reads as that vocabulary's
    # score when they are most of the column.
    chosen = data.draw(st.lists(st.sampled_from(sorted(label_set.labels)), min_size=1))
    labels = labels_for(label_set.metric, label_set.scale, chosen)
    best = max(
        (s for s in LABEL_SETS if s.metric == label_set.metric and s.scale == label_set.scale),
        key=lambda s: sum(c in s.labels for c in chosen),
    )
    for answer in chosen:
        assert labels[answer] == best.labels[answer]


@pytest.mark.parametrize(
    "header",
    [
        "¿Qué opción refleja mejor la razón principal por la que aprendiste R?",
        "Which option best describes the reason you joined?",
        "¿Para qué aplicaciones usas R? (marca todas las que correspondan)",
        "Please select the reasons that apply",
        "Choisissez la raison principale",
        "Welche Gründe treffen zu? Bitte wählen Sie aus.",
        "Kies de belangrijkste reden",
        "Välj det alternativ som passar bäst",
    ],
)
def test_a_closed_question_is_never_the_comment(header: str) -> None:
    assert is_closed_question(header)
    assert not could_be_comment(header)


def test_open_questions_are_not_closed() -> None:
    for header in ("Why did you give this score?", "Anything else?", "¿Por qué?", "Comment"):
        assert not is_closed_question(header)


def test_a_closed_question_with_a_reason_header_is_no_comment(load: Load) -> None:
    header = "¿Qué opción refleja mejor la razón principal por la que aprendiste R?"
    rows = [[5, "Creo que saber R me abrirá nuevas oportunidades en mi carrera"]] * 3
    rows += [[4, ""]] * 20
    result = load("c.csv", _csv(["csat", header], rows))
    assert result.column(header).role is None
    assert "closed question" in result.column(header).how


USE_CASES = [
    "installing a specific package on our cluster for users",
    "building dependencies before working on my own software",
    "as a developer, lots of builds of the same package with variants",
    "we deploy the whole software stack of the centre with it",
]
OTHER_COMMENTS = ["Great work, keep it up", "Thanks for a great tool and community"]


def test_the_open_question_asking_for_comments_is_the_comment(load: Load) -> None:
    headers = [
        "Rating",
        "Tell us briefly about your use case and your usual workflow.",
        "What's the biggest thing we could do to improve over the next year?",
        "Do you have any other comments for us?",
    ]
    rng = random.Random(11)
    rows = [
        [
            rng.randint(1, 5),
            f"{rng.choice(USE_CASES)} ({i})",
            f"faster builds and fewer broken packages ({i})",
            f"{rng.choice(OTHER_COMMENTS)} ({i})" if i % 3 == 0 else "",
        ]
        for i in range(40)
    ]
    result = load("open.csv", _csv(headers, rows))
    assert result.column(headers[3]).role == "comment"
    assert result.column(headers[1]).role is None
    assert result.column(headers[2]).role is None
    notes = [n for n in result.plan.notes if n.startswith(f"'{headers[3]}' is the comment")]
    assert len(notes) == 1
    assert headers[1] in notes[0]
    assert [r.comment for r in result.records if r.comment] == [row[3] for row in rows if row[3]]


def test_with_no_stronger_header_the_first_open_question_stays_the_comment(load: Load) -> None:
    headers = ["Rating", "Tell us about your use case", "What could we improve?"]
    rows = [[4, f"{USE_CASES[i % 4]} ({i})", f"more docs please ({i})"] for i in range(12)]
    result = load("two.csv", _csv(headers, rows))
    assert result.column(headers[1]).role == "comment"
    assert result.column(headers[2]).role is None
