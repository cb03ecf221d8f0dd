"""The API as a client uses it, one step after another (issue 17): schemathesis' state machine
follows the schema's OpenAPI links (`revmech.site.api_schema.LINKS`) from lists and creations to
reads and changes of the objects they return, in-process, as one persona of each role with a
read-and-write token, on the access matrix's objects.

Each step fails on a server error, on an answer the schema does not describe (status, content
type, shape), and on a confidential read: an object answered 200 to someone the access table
(`revmech.site.access`) refuses it, alone or as an item of a list (P&R paras 32, 37). The run is
bounded and derandomized (the same steps every run, no deadline), so it cannot fail by chance.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
import schemathesis
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from test_access_matrix import subjects  # noqa: F401 - the matrix's objects, a fixture
from test_api_schema_fuzz import _raw_schema, connection_kept_open, no_token_throttling

from revmech.accounts.models import Person, TokenScope
from revmech.accounts.security import create_personal_token
from revmech.civil_society.models import Briefing, Invitation
from revmech.followup.models import Finding, Need
from revmech.lots.models import Draw
from revmech.reviews.models import CountryReview
from revmech.secretariat.models import BudgetProposal, Contribution
from revmech.site import access
from revmech.site.wsgi import application

pytestmark = pytest.mark.django_db

__all__ = ["connection_kept_open", "no_token_throttling"]  # autouse fixtures of the GET fuzz

# One persona per role, each with a read-and-write token (and the head of the secretariat, the
# one who assigns its staff to reviews).
ROLES = (
    "secretariat",
    "secretariat_head",
    "focal_point_under_review",
    "expert_reviewing",
    "observer",
    "ngo",
    "working_group_member",
    "bureau_member",
)

schema = schemathesis.openapi.from_dict(_raw_schema())
schema.app = application

# The object each kind of subject of the access table names, by primary key.
MODELS: dict[str, Any] = {
    "review": CountryReview,
    "need": Need,
    "finding": Finding,
    "good_practice": Finding,
    "invitation": Invitation,
    "briefing": Briefing,
    "draw": Draw,
    "proposal": BudgetProposal,
    "contribution": Contribution,
}
# The field of a list's item that is its detail's key, where it is not `id`.
ITEM_KEYS = {"report-list": "review"}


def _refused(person: Person, name: str, key: Any) -> bool:
    """Whether the access table refuses `person` the object `key` of the URL `name`."""
    rule = access.table().get(name)
    if rule is None or rule.is_public or rule.subject not in MODELS:
        return False
    subject = MODELS[rule.subject].objects.filter(pk=key).first()
    return subject is not None and not rule.rule(person, subject)  # type: ignore[misc]


def confidential_reads(person: Person, path: str, body: Any) -> list[str]:
    """What a 200 answer to GET `path` shows that the table refuses `person`."""
    try:
        match = resolve(path)
    except Resolver404:
        return []
    name = match.url_name or ""
    found = []
    if "pk" in match.kwargs and _refused(person, name, match.kwargs["pk"]):
        found.append(f"{path} ({name})")
    if name.endswith("-list") and not match.kwargs:
        items = body.get("results", []) if isinstance(body, dict) else body
        detail = name.removesuffix("-list") + "-detail"
        key = ITEM_KEYS.get(name, "id")
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and _refused(person, detail, item.get(key)):
                found.append(f"{path}: item {item.get(key)} ({detail})")
    return found


def test_the_confidential_read_check_sees_a_refused_review(
    personas: dict[str, Person], review: CountryReview
) -> None:
    """The check itself: the review is confidential to an outsider, not to its focal point."""
    path = f"/api/reviews/{review.pk}/"
    assert confidential_reads(personas["outsider"], path, {}) == [f"{path} (review-detail)"]
    assert confidential_reads(personas["focal_point_under_review"], path, {}) == []
    listed = {"results": [{"id": review.pk}]}
    assert confidential_reads(personas["outsider"], "/api/reviews/", listed) != []


def _machine(person: Person, token: str, seen: list[tuple[str, int]]) -> Any:
    base = schema.as_state_machine()

    class AsPerson(base):  # type: ignore[misc, valid-type]
        def before_call(self, case: Any) -> None:
            # A walk starts from the first page of a list, unfiltered: generated filters and
            # pages mostly find nothing to go on with (the GET fuzz tries those).
            if case.method.upper() == "GET" and case.path.endswith("/") and "{" not in case.path:
                case.query = {}

        def after_call(self, response: Any, case: Any) -> None:
            seen.append((case.operation.label, response.status_code))

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": {"Authorization": f"Bearer {token}"}}

        def validate_response(
            self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any
        ) -> None:
            case.validate_response(
                response,
                checks=(
                    not_a_server_error,
                    status_code_conformance,
                    content_type_conformance,
                    response_schema_conformance,
                ),
            )
            if case.method.upper() == "GET" and response.status_code == 200:
                path = urlsplit(response.request.url).path
                leaks = confidential_reads(person, path, response.json())
                assert not leaks, f"{person.username} reads what the table refuses: {leaks}"

    return AsPerson


@pytest.mark.parametrize("role", ROLES)
def test_every_role_walks_the_api_by_its_links(
    role: str,
    personas: dict[str, Person],
    subjects: dict[str, Any],  # noqa: F811 - the fixture imported above
) -> None:
    person = personas[role]
    _record, token = create_personal_token(
        person=person, name="stateful", scope=TokenScope.READ_WRITE
    )
    seen: list[tuple[str, int]] = []
    _machine(person, token, seen).run(
        settings=settings(
            max_examples=30,
            stateful_step_count=10,
            deadline=None,
            derandomize=True,  # the same steps every run: no failure by chance
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
    # The walk went by the links: objects read by the ids that lists and creations answered.
    followed = [op for op, status in seen if status == 200 and "{" in op]
    assert followed, f"{role}: no object read through a link in {len(seen)} steps"
