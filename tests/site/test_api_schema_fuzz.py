"""The API answers what its schema says (issue 9, item 8): schemathesis generates requests from
`/api/schema/` and sends them in-process, anonymously and with a read-only token of one persona
per role, with a bounded number of examples: no answer may be a server error, and every answer
must match the documented status codes, content types and shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from revmech.accounts.models import Person
from revmech.accounts.security import create_personal_token
from revmech.reviews.models import CountryReview
from revmech.site.wsgi import application

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "secretariat", "focal_point_under_review", "expert_reviewing", "ngo")


def _raw_schema() -> dict[str, Any]:
    """The schema `/api/schema/` serves, made at collection (it needs no database)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return dict(json.loads(OpenApiJsonRenderer().render(generated)))


schema = schemathesis.openapi.from_dict(_raw_schema())
schema.app = application


@pytest.fixture(autouse=True)
def no_token_throttling(settings: Any) -> None:
    """The fuzzer sends tokens of its own; throttling them would hide every later answer."""
    settings.TOKEN_FAILURE_LIMIT = 10**6


@pytest.fixture(autouse=True)
def connection_kept_open() -> Iterator[None]:
    """The requests go straight to the WSGI application, which closes the database connection
    at the start and end of each request, and with it the test's transaction (on PostgreSQL);
    Django's own test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def authorizations(personas: dict[str, Person]) -> dict[str, dict[str, str]]:
    """No credentials, and a read-only token of one persona per role."""
    found: dict[str, dict[str, str]] = {"anonymous": {}}
    for role in ROLES[1:]:
        _record, token = create_personal_token(person=personas[role], name="fuzz")
        found[role] = {"Authorization": f"Bearer {token}"}
    return found


@schema.include(method="GET").parametrize()
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,  # the same requests every run: no flaky failures
    suppress_health_check=list(HealthCheck),
)
def test_every_read_answers_as_documented(
    case: Any, review: CountryReview, authorizations: dict[str, dict[str, str]]
) -> None:
    for headers in authorizations.values():
        response = case.call(headers=headers)
        case.validate_response(
            response,
            checks=(
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ),
        )
