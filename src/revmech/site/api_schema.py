"""The refusals every API operation may answer, written into the OpenAPI schema (issue 9: the
schema and the answers agree, checked by schemathesis in `tests/site/test_api_schema_fuzz.py`).

Each operation may refuse a request the same few ways, whatever its view: 400 for a parameter or
a body it cannot take, 401 for an invalid, revoked or expired token, 403 for someone who may not
(not signed in, a read-only token writing, no second factor), 404 for an object that does not
exist or is not visible to the person (P&R para 32: the same answer) and for a page of a list
beyond its end, and 429 for too many
invalid tokens from one address. A view that documents its own keeps it.
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
