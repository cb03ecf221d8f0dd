"""NGO briefings (P&R para 53): the register, eligibility, invitations, the 10-day rule,
comments and their check, attendance, objections decided by the Bureau, summaries as
conference room papers."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from civil_society_world import (
    AFTER_BRIEFING,
    AFTER_DEADLINE,
    BEFORE_DEADLINE,
    INVITED_AT,
    World,
    details,
)
from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.civil_society import services
from revmech.civil_society.models import (
    Circulation,
    Decision,
    InvitationStatus,
    ObserverAdmission,
    Organization,
)
from revmech.meetings.models import DocumentKind
from revmech.registry.models import State
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_only_the_secretariat_keeps_the_register(personas: dict[str, Person]) -> None:
    for name in ("ngo", "bureau_member", "focal_point_under_review", "no_role"):
        with pytest.raises(PermissionDenied):
            services.record_organization(details=details("Someone"), actor=personas[name])
    assert not Organization.objects.filter(name="Someone").exists()


def test_consultative_status_needs_its_date(personas: dict[str, Person]) -> None:
    with pytest.raises(RuleViolation, match="since which"):
        services.record_organization(
            details=details("No date", consultative_status_since=None),
            actor=personas["secretariat"],
        )


def test_two_people_editing_an_entry_do_not_overwrite_each_other(
    personas: dict[str, Person], world: World
) -> None:
    secretariat = personas["secretariat"]
    read = world.organization.version
    services.update_organization(
        organization=world.organization,
        details=details("Coalition against Trafficking", contact_name="A. First"),
        version=read,
        actor=secretariat,
    )
    with pytest.raises(RuleViolation, match="Someone else changed"):
        services.update_organization(
            organization=world.organization,
            details=details("Coalition against Trafficking", contact_name="B. Second"),
            version=read,
            actor=secretariat,
        )
    world.organization.refresh_from_db()
    assert world.organization.contact_name == "A. First"


def test_admission_is_to_a_session_of_the_conference_with_its_basis(
    personas: dict[str, Person], world: World
) -> None:
    with pytest.raises(RuleViolation, match="working group"):
        services.record_admission(
            organization=world.other_organization,
            session=world.working_group,
            actor=personas["secretariat"],
        )
    admission = services.record_admission(
        organization=world.other_organization,
        session=world.cop_previous,
        actor=personas["secretariat"],
    )
    assert admission.basis == "rule_17_2"  # no consultative status
    assert ObserverAdmission.objects.get(organization=world.organization).basis == "rule_17_1"


def test_a_briefing_is_on_the_margins_of_a_working_group_with_a_bureau_member(
    personas: dict[str, Person], world: World
) -> None:
    base = {
        "session": world.working_group,
        "held_on": dt.date(2026, 5, 19),
        "place": "Vienna",
        "topics": "Outcomes",
        "president_requested_on": dt.date(2026, 3, 1),
        "bureau_member": personas["bureau_member"],
    }
    with pytest.raises(RuleViolation, match="member of the Bureau"):
        services.convene_briefing(
            details=services.BriefingDetails(**{**base, "bureau_member": personas["ngo"]}),
            actor=personas["secretariat"],
        )
    with pytest.raises(RuleViolation, match="working-group session"):
        services.convene_briefing(
            details=services.BriefingDetails(
                **{**base, "session": world.cop_previous, "held_on": dt.date(2024, 10, 15)}
            ),
            actor=personas["secretariat"],
        )
    with pytest.raises(RuleViolation, match="between 18 May 2026 and 22 May 2026"):
        services.convene_briefing(
            details=services.BriefingDetails(**{**base, "held_on": dt.date(2026, 6, 1)}),
            actor=personas["secretariat"],
        )
    with pytest.raises(RuleViolation, match="Mars/Base"):
        services.convene_briefing(
            details=services.BriefingDetails(**{**base, "time_zone": "Mars/Base"}),
            actor=personas["secretariat"],
        )
    with pytest.raises(PermissionDenied):
        services.convene_briefing(
            details=services.BriefingDetails(**base), actor=personas["bureau_member"]
        )


def test_only_organizations_admitted_to_the_previous_session_are_invited(
    personas: dict[str, Person], world: World
) -> None:
    assert world.invitation.organization == world.organization
    assert world.invitation.basis == "rule_17_1"
    services.record_admission(
        organization=world.other_organization,
        session=world.cop_older,
        actor=personas["secretariat"],
    )
    with pytest.raises(RuleViolation, match="not admitted as an observer to the previous session"):
        services.invite(
            briefing=world.briefing,
            organizations=[world.other_organization],
            actor=personas["secretariat"],
            now=INVITED_AT,
        )
    assert not world.briefing.invitations.filter(organization=world.other_organization).exists()


def test_the_invitation_mails_the_representatives_with_the_last_day(
    personas: dict[str, Person], world: World
) -> None:
    [message] = [m for m in mail.outbox if personas["ngo"].email in m.to]
    assert "10 May 2026" in message.body
    assert "Europe/Vienna" in message.body


def test_confirmation_is_in_time_until_the_end_of_the_tenth_day_at_the_place(
    personas: dict[str, Person], world: World
) -> None:
    confirmed = services.confirm_attendance(
        invitation=world.invitation, by=personas["ngo"], now=BEFORE_DEADLINE
    )
    assert confirmed.status == InvitationStatus.CONFIRMED
    assert Entry.objects.filter(action="civil_society.invitation.confirmed").exists()


def test_a_late_confirmation_is_refused_naming_the_deadline(
    personas: dict[str, Person], world: World
) -> None:
    with pytest.raises(RuleViolation) as refused:
        services.confirm_attendance(
            invitation=world.invitation, by=personas["ngo"], now=AFTER_DEADLINE
        )
    assert "10 May 2026 (Europe/Vienna time)" in refused.value.message
    world.invitation.refresh_from_db()
    assert world.invitation.status == InvitationStatus.INVITED


def test_only_the_organization_confirms_its_attendance(
    personas: dict[str, Person], world: World
) -> None:
    for name in ("secretariat", "bureau_member", "focal_point_under_review", "no_role"):
        with pytest.raises(PermissionDenied):
            services.confirm_attendance(
                invitation=world.invitation, by=personas[name], now=BEFORE_DEADLINE
            )


def test_comments_come_after_confirming_and_are_checked_for_states(
    personas: dict[str, Person], world: World
) -> None:
    ngo = personas["ngo"]
    with pytest.raises(RuleViolation, match="confirm first"):
        services.submit_comment(invitation=world.invitation, text="General remarks", by=ngo)
    services.confirm_attendance(invitation=world.invitation, by=ngo, now=BEFORE_DEADLINE)
    text = "Victim support improved, notably in Kenya; la réforme française aussi."
    comment = services.submit_comment(invitation=world.invitation, text=text, by=ngo)
    assert comment.text == text  # nothing silently changed
    assert [(m["state"], m["found"]) for m in comment.mentions] == [
        ("KEN", "Kenya"),
        ("FRA", "française"),
    ]
    assert comment.circulation == Circulation.AWAITING
    with pytest.raises(RuleViolation, match="Say why"):
        services.decide_comment(
            comment=comment, circulate=False, note="", actor=personas["secretariat"]
        )
    decided = services.decide_comment(
        comment=comment,
        circulate=False,
        note="It names two States; send a general version.",
        actor=personas["secretariat"],
    )
    assert decided.circulation == Circulation.HELD_BACK
    assert any("held back" in m.body and ngo.email in m.to for m in mail.outbox)


def test_member_states_register_for_their_own_state_only(
    personas: dict[str, Person], world: World
) -> None:
    kenya, brazil = State.objects.get(code="KEN"), State.objects.get(code="BRA")
    observer = personas["observer"]
    attendance = services.register_attendance(
        briefing=world.briefing, representative="J. Mwangi", state=kenya, by=observer
    )
    assert attendance.state == kenya
    with pytest.raises(RuleViolation, match="only for a State you represent"):
        services.register_attendance(
            briefing=world.briefing, representative="J. Mwangi", state=brazil, by=observer
        )
    with pytest.raises(PermissionDenied):
        services.register_attendance(
            briefing=world.briefing, representative="X", state=kenya, by=personas["ngo"]
        )
    igo = services.register_attendance(
        briefing=world.briefing,
        representative="A. Officer",
        state=None,
        intergovernmental_organization="INTERPOL",
        by=personas["secretariat"],
    )
    assert igo.intergovernmental_organization == "INTERPOL"


def test_an_upheld_objection_excludes_the_organization_and_tells_it(
    personas: dict[str, Person], world: World
) -> None:
    objection = services.record_objection(
        invitation=world.invitation,
        state=State.objects.get(code="BRA"),
        reasons="Not relevant to the scope of the Mechanism",
        received_on=dt.date(2026, 4, 25),
        actor=personas["secretariat"],
    )
    assert any(personas["bureau_member"].email in m.to for m in mail.outbox)
    assert objection.decision == Decision.PENDING
    with pytest.raises(PermissionDenied):
        services.decide_objection(
            objection=objection,
            uphold=True,
            decided_on=dt.date(2026, 4, 28),
            reasons="",
            by=personas["secretariat"],
        )
    with pytest.raises(RuleViolation, match="before the objection was received"):
        services.decide_objection(
            objection=objection,
            uphold=True,
            decided_on=dt.date(2026, 4, 24),
            reasons="",
            by=personas["bureau_member"],
        )
    mail.outbox.clear()
    decided = services.decide_objection(
        objection=objection,
        uphold=True,
        decided_on=dt.date(2026, 4, 28),
        reasons="Rule 17, paragraph 2, mutatis mutandis.",
        by=personas["bureau_member"],
        now=dt.datetime(2026, 4, 28, 12, 0, tzinfo=dt.UTC),
    )
    assert (decided.decision, decided.decided_on) == (Decision.UPHELD, dt.date(2026, 4, 28))
    assert decided.organization_notified_at == dt.datetime(2026, 4, 28, 12, 0, tzinfo=dt.UTC)
    [message] = mail.outbox
    assert message.to == [personas["ngo"].email]
    assert "does not participate" in message.body
    world.invitation.refresh_from_db()
    assert world.invitation.status == InvitationStatus.EXCLUDED
    with pytest.raises(RuleViolation, match="does not participate"):
        services.confirm_attendance(
            invitation=world.invitation, by=personas["ngo"], now=BEFORE_DEADLINE
        )
    with pytest.raises(RuleViolation, match="already decided"):
        services.decide_objection(
            objection=objection,
            uphold=False,
            decided_on=dt.date(2026, 4, 29),
            reasons="",
            by=personas["bureau_member"],
        )


def test_a_dismissed_objection_leaves_the_invitation(
    personas: dict[str, Person], world: World
) -> None:
    objection = services.record_objection(
        invitation=world.invitation,
        state=State.objects.get(code="BRA"),
        reasons="Reasons",
        received_on=dt.date(2026, 4, 25),
        actor=personas["secretariat"],
    )
    services.decide_objection(
        objection=objection,
        uphold=False,
        decided_on=dt.date(2026, 4, 27),
        reasons="",
        by=personas["bureau_member"],
    )
    world.invitation.refresh_from_db()
    assert world.invitation.status == InvitationStatus.INVITED
    assert any("dismissed" in m.body for m in mail.outbox)


def test_a_summary_after_the_briefing_becomes_a_conference_room_paper(
    personas: dict[str, Person], world: World
) -> None:
    ngo = personas["ngo"]
    services.confirm_attendance(invitation=world.invitation, by=ngo, now=BEFORE_DEADLINE)
    with pytest.raises(RuleViolation, match="once the briefing has been held"):
        services.submit_summary(
            briefing=world.briefing,
            organization=world.organization,
            title="Summary",
            text="Text",
            by=ngo,
            now=BEFORE_DEADLINE,
        )
    summary = services.submit_summary(
        briefing=world.briefing,
        organization=world.organization,
        title="Summary of the briefing of 20 May 2026",
        text="Participants discussed technical assistance needs.",
        by=ngo,
        now=AFTER_BRIEFING,
    )
    with pytest.raises(PermissionDenied):
        services.issue_summary(summary=summary, issued_on=dt.date(2026, 5, 21), actor=ngo)
    issued = services.issue_summary(
        summary=summary, issued_on=dt.date(2026, 5, 21), actor=personas["secretariat"]
    )
    assert issued.document is not None
    assert issued.document.kind == DocumentKind.CONFERENCE_ROOM_PAPER
    assert issued.document.symbol == "CTOC/COP/WG.4/2026/CRP.1"
    assert issued.document.session == world.working_group
    assert issued.document.files.get().language == "en"


def test_an_organization_reports_on_its_activities_to_a_working_group(
    personas: dict[str, Person], world: World
) -> None:
    report = services.report_activities(
        organization=world.organization,
        session=world.working_group,
        title="Our contribution",
        text="Training for 40 officers.",
        by=personas["ngo"],
    )
    assert report.organization == world.organization
    with pytest.raises(PermissionDenied):
        services.report_activities(
            organization=world.other_organization,
            session=world.working_group,
            title="Not ours",
            text="…",
            by=personas["ngo"],
        )


def test_materials_are_checked_and_a_change_needs_a_new_clearance(
    personas: dict[str, Person], world: World
) -> None:
    secretariat = personas["secretariat"]
    briefing = services.set_materials(
        briefing=world.briefing,
        materials="Выводы по Нигерии и общие тенденции.",
        version=world.briefing.version,
        actor=secretariat,
    )
    assert [m["state"] for m in briefing.materials_mentions] == ["NGA"]
    cleared = services.clear_materials(
        briefing=briefing, version=briefing.version, actor=secretariat
    )
    assert cleared.materials_are_cleared
    with pytest.raises(RuleViolation, match="Someone else changed"):
        services.set_materials(
            briefing=world.briefing,
            materials="x",
            version=world.briefing.version,
            actor=secretariat,
        )
    again = services.set_materials(
        briefing=cleared, materials="Общие тенденции.", version=cleared.version, actor=secretariat
    )
    assert again.materials_mentions == []
    assert not again.materials_are_cleared


def test_the_command_checks_a_file_and_lists_upcoming_briefings(
    world: World, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = tmp_path / "materials.txt"
    text.write_text("Общие тенденции.\nРеформа в Кении.\n", encoding="utf-8")  # noqa: RUF001
    out = io.StringIO()
    call_command("briefings", "check", str(text), stdout=out)
    assert "2: KEN «Кении»" in out.getvalue()
    assert "1 passage(s)" in out.getvalue()
    monkeypatch.setattr(timezone, "now", lambda: INVITED_AT)
    out = io.StringIO()
    call_command("briefings", "upcoming", stdout=out)
    assert "2026-05-20" in out.getvalue()
    assert "confirm by the end of 2026-05-10 (Europe/Vienna); 1 invited" in out.getvalue()


def test_an_organization_may_confirm_while_an_objection_awaits_the_bureau(
    personas: dict[str, Person], world: World
) -> None:
    services.record_objection(
        invitation=world.invitation,
        state=State.objects.get(code="BRA"),
        reasons="Reasons",
        received_on=dt.date(2026, 4, 25),
        actor=personas["secretariat"],
    )
    confirmed = services.confirm_attendance(
        invitation=world.invitation, by=personas["ngo"], now=BEFORE_DEADLINE
    )
    assert confirmed.status == InvitationStatus.CONFIRMED
    with pytest.raises(RuleViolation, match="already awaits the Bureau"):
        services.record_objection(
            invitation=world.invitation,
            state=State.objects.get(code="BRA"),
            reasons="Again",
            received_on=dt.date(2026, 4, 26),
            actor=personas["secretariat"],
        )
