"""The refusals every API operation may answer, written into the OpenAPI schema (issue 9: the
schema and the answers agree, checked by schemathesis in `tests/site/test_api_schema_fuzz.py`).

Each operation may refuse a request the same few ways, whatever its view: 400 for a parameter or
a body it cannot take, 401 for an invalid, revoked or expired token, 403 for someone who may not
(not signed in, a read-only token writing, no second factor), 404 for an object that does not
exist or is not visible to the person (P&R para 32: the same answer) and for a page of a list
beyond its end, and 429 for too many
invalid tokens from one address. A view that documents its own keeps it.

`add_links` writes the OpenAPI links (`LINKS`) from an answer to the requests it makes possible,
which schemathesis' state machine follows in `tests/site/test_api_stateful.py` (issue 17).
"""

from __future__ import annotations

from typing import Any

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A refused body names each field with its messages; a refused parameter says `detail`.
ERRORS = {"type": "object", "additionalProperties": True}


def _response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document_refusals(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular post-processing hook: add the common refusals to every operation."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            wanted = {
                "401": _response("The token is invalid, revoked or expired.", DETAIL),
                "403": _response("Not allowed for this person or token.", DETAIL),
                # An object, or a page of a list, that does not exist or is not visible.
                "404": _response("No such object or page, or not one this person may see.", DETAIL),
                "429": _response("Too many invalid tokens from this address.", DETAIL),
            }
            if operation.get("parameters") or operation.get("requestBody"):
                wanted["400"] = _response("A parameter or the body cannot be taken.", ERRORS)
            for code, response in wanted.items():
                operation["responses"].setdefault(code, response)
    return result


# OpenAPI links: how a client goes from one answer to the next request. For each (operation,
# status answered), the links by name: (target operation, its parameters, its body or None).
# The first item of a list leads to that item; an object created or read leads to what can be
# done with it (issue 17: schemathesis' state machine follows them, tests/site/test_api_stateful).
Link = tuple[str, dict[str, str], dict[str, str] | None]
ITS_ID = {"id": "$response.body#/id"}
SAME = {"id": "$request.path.id"}
FIRST = {"id": "$response.body#/results/0/id"}
VERSION = {"version": "$response.body#/version"}
REVIEW_PARTS = ("events", "requests", "meetings", "visits", "documents", "assistance", "references")
LINKS: dict[tuple[str, str], dict[str, Link]] = {
    ("reviews_list", "200"): {
        "ReadReview": ("reviews_retrieve", FIRST, None),
        "Ask": ("reviews_ask_create", FIRST, None),
    },
    ("reviews_retrieve", "200"): {
        **{f"Read{p.title()}": (f"reviews_{p}_list", ITS_ID, None) for p in REVIEW_PARTS},
        "Ask": ("reviews_ask_create", ITS_ID, None),
        "Move": ("reviews_moves_create", ITS_ID, VERSION),
    },
    ("reviews_ask_create", "201"): {
        "Answer": ("reviews_answer_create", SAME, {"request_id": "$response.body#/id"}),
        "ReadRequests": ("reviews_requests_list", SAME, None),
    },
    ("reviews_requests_list", "200"): {
        "Answer": ("reviews_answer_create", SAME, {"request_id": "$response.body#/results/0/id"}),
    },
    ("reviews_answer_create", "201"): {"ReadRequests": ("reviews_requests_list", SAME, None)},
    ("reviews_moves_create", "200"): {"ReadReview": ("reviews_retrieve", SAME, None)},
    ("needs_create", "201"): {
        "ReadNeed": ("needs_retrieve", ITS_ID, None),
        "Report": ("needs_report_create", ITS_ID, VERSION),
    },
    ("needs_list", "200"): {
        "ReadNeed": ("needs_retrieve", FIRST, None),
        "Report": ("needs_report_create", FIRST, {"version": "$response.body#/results/0/version"}),
    },
    ("needs_retrieve", "200"): {"Report": ("needs_report_create", ITS_ID, VERSION)},
    ("needs_report_create", "200"): {"ReadNeed": ("needs_retrieve", SAME, None)},
    ("observations_list", "200"): {
        "ReadObservation": ("observations_retrieve", FIRST, None),
        "Progress": ("observations_progress_create", FIRST, None),
    },
    ("observations_progress_create", "201"): {
        "ReadObservation": ("observations_retrieve", SAME, None)
    },
    ("good_practices_list", "200"): {"ReadGoodPractice": ("good_practices_retrieve", FIRST, None)},
    ("briefings_list", "200"): {"ReadBriefing": ("briefings_retrieve", FIRST, None)},
    ("invitations_list", "200"): {
        "ReadInvitation": ("invitations_retrieve", FIRST, None),
        "Confirm": ("invitations_confirm_create", FIRST, None),
        "Comment": ("invitations_comment_create", FIRST, None),
    },
    ("invitations_confirm_create", "200"): {"ReadInvitation": ("invitations_retrieve", SAME, None)},
    ("invitations_comment_create", "201"): {"ReadInvitation": ("invitations_retrieve", SAME, None)},
    ("reports_list", "200"): {
        "ReadReport": ("reports_retrieve", {"id": "$response.body#/results/0/review"}, None)
    },
    ("reports_retrieve", "200"): {
        "SaveSection": (
            "reports_save_section_create",
            SAME,
            {
                "section": "$response.body#/sections/0/id",
                "based_on": "$response.body#/sections/0/revision",
            },
        ),
        "Approve": (
            "reports_approve_create",
            SAME,
            {"version": "$response.body#/version", "digest": "$response.body#/digest"},
        ),
    },
    ("reports_save_section_create", "200"): {"ReadReport": ("reports_retrieve", SAME, None)},
    ("reports_approve_create", "200"): {"ReadReport": ("reports_retrieve", SAME, None)},
    ("review_secretariat_list", "200"): {
        "ReadAssignments": ("review_secretariat_retrieve", FIRST, None)
    },
    ("review_secretariat_retrieve", "200"): {
        "Assign": ("review_secretariat_assign_create", ITS_ID, None)
    },
    ("review_secretariat_assign_create", "200"): {
        "ReadAssignments": ("review_secretariat_retrieve", SAME, None)
    },
    ("secretariat_budgets_list", "200"): {
        "ReadBudget": ("secretariat_budgets_retrieve", FIRST, None)
    },
    ("secretariat_contributions_list", "200"): {
        "ReadContribution": ("secretariat_contributions_retrieve", FIRST, None)
    },
    ("sessions_list", "200"): {"ReadSession": ("sessions_retrieve", FIRST, None)},
    ("draws_list", "200"): {"ReadDraw": ("draws_retrieve", {"id": "$response.body#/0/id"}, None)},
    ("states_list", "200"): {
        "ReadState": ("states_retrieve", {"code": "$response.body#/results/0/code"}, None)
    },
    ("instruments_list", "200"): {
        "ReadInstrument": ("instruments_retrieve", {"code": "$response.body#/0/code"}, None)
    },
}


def add_links(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: the OpenAPI links of `LINKS`, on the operations of
    the schema (a link whose operations are not in it is left out)."""
    operations = {
        operation["operationId"]: operation
        for path in result.get("paths", {}).values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    for (source, status), links in LINKS.items():
        response = operations.get(source, {}).get("responses", {}).get(status)
        if response is None:
            continue
        for name, (target, parameters, body) in links.items():
            if target not in operations:
                continue
            link: dict[str, Any] = {"operationId": target, "parameters": parameters}
            if body is not None:
                link["requestBody"] = body
            response.setdefault("links", {})[name] = link
    return result
