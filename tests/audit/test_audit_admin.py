"""The audit log in the admin: a read-only window for the secretariat (P&R para 32)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from revmech.audit.models import Entry


@pytest.mark.parametrize(("persona", "allowed"), [("secretariat", True), ("outsider", False)])
def test_the_secretariat_reads_the_log_in_the_admin(
    client: Client,
    personas: dict[str, Any],
    entries: dict[str, Entry],
    persona: str,
    allowed: bool,
) -> None:
    client.force_login(personas[persona])
    response = client.get(reverse("admin:audit_entry_changelist"))
    assert (response.status_code == 200) is allowed
    assert ("lots.draw.confirmed" in response.content.decode()) is allowed


def test_nobody_adds_changes_or_deletes_in_the_admin(
    client: Client, personas: dict[str, Any], entries: dict[str, Entry]
) -> None:
    secretariat = personas["secretariat"]
    secretariat.is_superuser = True
    secretariat.save()
    client.force_login(secretariat)
    entry = entries["draw"]

    change_page = client.get(reverse("admin:audit_entry_change", args=[entry.pk]))
    assert change_page.status_code == 200
    assert 'name="action"' not in change_page.content.decode()
    assert client.get(reverse("admin:audit_entry_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:audit_entry_change", args=[entry.pk]), {"action": "x"}
        ).status_code
        == 403
    )
    assert client.post(reverse("admin:audit_entry_delete", args=[entry.pk])).status_code == 403
    assert client.post(
        reverse("admin:audit_entry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    ).status_code in {200, 302, 403}
    assert Entry.objects.get(pk=entry.pk).action == "lots.draw.confirmed"
    assert Entry.objects.count() == len(entries)
