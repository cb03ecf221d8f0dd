"""No ranking of States (P&R para 3 (b)) and no confidential text in public aggregates (paras 37,
53 (b)), checked on every aggregate output: pages, charts, DOCX, CSV and the API.

The data give the States very different counts (Kenya 5 needs, France 3, Brazil 1), so any
output ordered by a count would list them Kenya, France, Brazil; in code order they come Brazil,
France, Kenya. Aggregate outputs must name no State at all.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import docx
import pytest
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Appointment, Person
from revmech.followup import analysis, services
from revmech.followup.models import NeedSource
from revmech.registry.models import Instrument, State, WorkingGroup
from revmech.reviews.models import CountryReview, ReviewEvent
from revmech.site import access

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
SECRET = "Zanzibar-confidential-phrase"
PUBLIC_TEXT = "Published joint investigation teams"
COUNTS = {"KEN": 5, "FRA": 3, "BRA": 1}


@pytest.fixture
def ranked_world(review: CountryReview, personas: dict[str, Person]) -> dict[str, Any]:
    """Needs and findings in very different numbers per State, some confidential."""
    untoc = Instrument.objects.get(code="UNTOC")
    for code, count in COUNTS.items():
        state = State.objects.get(code=code)
        for index in range(count):
            services.record_need(
                state=state,
                instrument=untoc,
                need=services.NeedInput(
                    assistance_type="legislative" if index % 2 else "capacity_building",
                    description=f"{SECRET} {code} {index}" if index == 0 else f"need {index}",
                    article="5",
                    cluster="criminalization",
                ),
                source=NeedSource.STATE,
                source_key=f"rank:{code}:{index}",
                identified_on=dt.date(2027, 1, 1),
                now=NOW,
                is_public=index > 0,
            )
    services.record_report_outcome(
        review=review,
        needs=[],
        findings=[
            services.FindingInput(kind="good_practice", text=PUBLIC_TEXT, key="g", article="5"),
        ],
        is_public=True,
        identified_on=dt.date(2027, 1, 1),
        now=NOW,
        report_key="rank-public",
    )
    services.record_report_outcome(
        review=review,
        needs=[],
        findings=[
            services.FindingInput(kind="good_practice", text=SECRET, key="g", article="5"),
            services.FindingInput(kind="challenge", text=SECRET, key="c", article="6"),
        ],
        is_public=False,
        identified_on=dt.date(2027, 1, 1),
        now=NOW,
        report_key="rank-confidential",
    )
    for kind, day in (("consultations_held", 10), ("self_assessment_received", 80)):
        ReviewEvent.objects.create(
            review=review,
            kind=kind,
            occurred_on=review.drawn_on + dt.timedelta(days=day),
            recorded_at=NOW,
        )
    Appointment.objects.filter(person=personas["working_group_member"]).update(
        working_group=WorkingGroup.objects.get(code="WGTA")
    )
    return {"states": [State.objects.get(code=c) for c in COUNTS]}


def _text(response: Any) -> str:
    """What a reader gets from a response: HTML, SVG, CSV, JSON or the text of a DOCX."""
    content_type = response["Content-Type"]
    if "wordprocessingml" in content_type:
        document = docx.Document(io.BytesIO(response.content))
        parts = [p.text for p in document.paragraphs]
        for grid in document.tables:
            parts += [cell.text for row in grid.rows for cell in row.cells]
        return "\n".join(parts)
    return response.content.decode()


def _names(states: list[State]) -> list[re.Pattern[str]]:
    patterns = []
    for state in states:
        for name in {state.name, *state.names.values()}:
            if name:
                patterns.append(re.compile(re.escape(name)))
        patterns.append(re.compile(rf"\b{state.code}\b"))
    return patterns


# Every aggregate output, as (URL name, kwargs): the tests below fail when one is added to the
# access table without being listed here or in NAMED_LISTS.
AGGREGATES: dict[str, list[dict[str, str]]] = {
    "followup:analysis": [{}],
    "followup:analysis_docx": [{}],
    "followup:analysis_chart": [{"key": key} for key in analysis.SPEC_BY_KEY],
    "followup:analysis_internal": [{}],
    "followup:analysis_internal_docx": [{}],
    "followup:analysis_internal_chart": [{"key": key} for key in analysis.SPEC_BY_KEY],
    "followup:working_group_docx": [{"code": "WGTA"}],
    "followup:working_group_chart": [
        {"code": "WGTA", "key": s.key} for s in analysis.SPECS if s.subject == "needs"
    ],
    "followup:functioning": [{}],
    "followup:functioning_chart": [
        {"key": k} for k in ("durations", "deadlines", "stages", "overdue", "over_time")
    ],
    "followup:functioning_docx": [{}],
    "followup:functioning_csv": [{}],
    "analysis-figures": [{}, {"scope": "internal"}],
}
# Outputs that name States, each in State-code order, to people allowed to read them.
NAMED_LISTS = {
    "followup:needs",
    "followup:working_group",
    "followup:good_practices",
    "followup:observations",
    "need-list",
    "observation-list",
    "good-practice-list",
}


def test_every_followup_output_is_walked_by_this_test() -> None:
    followup_outputs = {
        name
        for name, rule in access.table().items()
        if rule.method == "GET"
        and rule.subject not in {"need", "finding", "good_practice"}
        and (name.startswith("followup:") or name in {"analysis-figures", *NAMED_LISTS})
        and name != "followup:home"
    }
    assert followup_outputs == set(AGGREGATES) | NAMED_LISTS


def test_no_aggregate_output_names_a_state(
    client: Client, personas: dict[str, Person], ranked_world: dict[str, Any]
) -> None:
    client.force_login(personas["secretariat"])
    patterns = _names(ranked_world["states"])
    for name, variants in AGGREGATES.items():
        for kwargs in variants:
            query = {"scope": kwargs.pop("scope")} if "scope" in kwargs else {}
            response = client.get(reverse(name, kwargs=kwargs), query)
            assert response.status_code == 200, (name, kwargs)
            text = _text(response)
            found = [p.pattern for p in patterns if p.search(text)]
            assert found == [], (name, kwargs, found)
            assert SECRET not in text, (name, kwargs)


def _order_in(text: str, states: list[State]) -> list[str]:
    positions = {s.code: text.find(s.display_name) for s in states}
    return [code for code, at in sorted(positions.items(), key=lambda item: item[1]) if at >= 0]


def test_lists_that_name_states_are_in_code_order_never_by_count(
    client: Client, personas: dict[str, Person], ranked_world: dict[str, Any]
) -> None:
    client.force_login(personas["secretariat"])
    states = ranked_world["states"]
    for url in (reverse("followup:needs"), reverse("followup:working_group", args=["WGTA"])):
        assert _order_in(client.get(url).content.decode(), states) == ["BRA", "FRA", "KEN"], url
    listed = [row["state"] for row in client.get("/api/needs/?page_size=100").json()["results"]]
    assert listed == sorted(listed)
    assert listed.count("KEN") == 5


def test_a_state_is_never_a_dimension_of_the_analysis(reference_data: None) -> None:
    assert "state" not in analysis.DIMENSIONS
    spec = analysis.Spec("x", "x", "needs", "state", "type")
    with pytest.raises(ValueError, match="never"):
        analysis.table(spec, scope=analysis.PUBLIC)


def test_rows_follow_the_dimension_order_whatever_the_counts(
    ranked_world: dict[str, Any],
) -> None:
    table = analysis.table("needs-region-type", scope=analysis.INTERNAL)
    labels = [row.label for row, _values in table.rows]
    from revmech.registry.models import RegionalGroup

    assert labels[: len(RegionalGroup.choices)] == [
        str(label) for _v, label in RegionalGroup.choices
    ]


def test_confidential_text_never_reaches_a_public_aggregate(
    client: Client, ranked_world: dict[str, Any]
) -> None:
    public: list[tuple[str, dict[str, str], dict[str, str]]] = [
        ("followup:analysis", {}, {}),
        ("followup:analysis_docx", {}, {}),
        ("followup:good_practices", {}, {"q": "Zanzibar"}),
        ("followup:good_practices", {}, {}),
        ("good-practice-list", {}, {}),
        ("analysis-figures", {}, {}),
        *[("followup:analysis_chart", {"key": key}, {}) for key in analysis.SPEC_BY_KEY],
    ]
    for name, kwargs, query in public:
        response = client.get(reverse(name, kwargs=kwargs), query)
        assert response.status_code == 200, name
        assert SECRET not in _text(response), name
    practices = client.get(reverse("followup:good_practices")).content.decode()
    assert PUBLIC_TEXT in practices
    figures = client.get(reverse("analysis-figures")).json()
    # Public counts: the public needs only (KEN 4, FRA 2, BRA 0) and one good practice.
    assert figures["summary"]["needs"] == 6
    assert figures["summary"]["findings_good_practice"] == 1
    assert figures["summary"]["findings_challenge"] == 0
    assert client.get(reverse("analysis-figures"), {"scope": "internal"}).status_code in {
        401,
        403,
        404,
    }


def test_internal_figures_count_confidential_material_without_quoting_it(
    client: Client, personas: dict[str, Person], ranked_world: dict[str, Any]
) -> None:
    client.force_login(personas["working_group_member"])
    figures = client.get(reverse("analysis-figures"), {"scope": "internal"}).json()
    assert figures["summary"]["needs"] == 9
    assert figures["summary"]["findings_good_practice"] == 2
    assert figures["summary"]["findings_challenge"] == 1
    page = client.get(reverse("followup:analysis_internal")).content.decode()
    assert SECRET not in page
