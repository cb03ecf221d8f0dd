"""Every change to a draw: open it, draw years and seats, take redraw and deferral requests,
record exceptions, confirm it (P&R paras 10, 11, 20-22).

Each action replays the stored protocol with `revmech.rules.lots`, applies one step and stores
the new protocol, inside a transaction that locks the draw and checks its version: two people
acting on the same draw cannot both succeed, and a refused step saves nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.lots import permissions
from revmech.lots.models import Draw, Volunteer
from revmech.registry import models as registry
from revmech.registry.rulebooks import in_force
from revmech.reviews import services as review_services
from revmech.rules import RuleViolation
from revmech.rules import lots as lot_rules
from revmech.rules.eligibility import Basis, basis_for
from revmech.rules.lots.volunteers import draw_volunteer
from revmech.rules.lots.world import WORLD_FORMAT
from revmech.rules.reference import Participation, Status

Actor = Person | AnonymousUser


class StaleDraw(RuleViolation):
    """Somebody else acted on the draw since the page was loaded."""


def current_world(*, deferrals: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """The platform's parties and their participation in the world format (`revmech.world.v1`).

    Only confirmed parties take part (P&R para 18): a status "to be confirmed" is not a party.
    """
    states = registry.State.objects.prefetch_related("participations__instrument").order_by("code")
    rows = []
    for state in states:
        party_to = [p.instrument.code for p in state.participations.all() if p.is_party]
        if party_to:
            rows.append(
                {
                    "code": state.code,
                    "regional_group": state.regional_group or None,
                    "legal_system": state.legal_system,
                    "party_to": party_to,
                }
            )
    return {
        "format": WORLD_FORMAT,
        "regional_groups": [group.value for group in registry.RegionalGroup],
        "instruments": [
            {"code": code}
            for code in registry.Instrument.objects.order_by("position").values_list(
                "code", flat=True
            )
        ],
        "states": rows,
        "deferrals": deferrals or [],
    }


def _check(person: Actor) -> None:
    if not permissions.can_run_draw(person):
        raise PermissionDenied


@transaction.atomic
def open_draw(
    *,
    phase: int,
    title: str,
    held_on: date,
    seed: str,
    opened_by: Actor,
    deferrals: list[dict[str, str]] | None = None,
    seed_procedure: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> Draw:
    """Open a draw for a phase: the inputs are fixed and checked before any lot is drawn.

    An infeasible world raises `RuleViolation` naming the rule and the States; nothing is saved.
    """
    _check(opened_by)
    if not seed.strip():
        raise RuleViolation(_("The seed is empty: fix it in the meeting first."), rule="seed")
    world = lot_rules.world_from_json(current_world(deferrals=deferrals))
    # The limits of the rulebook version in force on the day of the meeting (P&R paras 6, 20,
    # 21); the protocol records the version, so the draw replays under it after an amendment.
    config = lot_rules.config_from_rulebook(in_force(held_on))
    meeting = lot_rules.Meeting.open(world, seed.strip(), config)
    draw = Draw.objects.create(
        phase=phase,
        title=title,
        held_on=held_on,
        seed=seed.strip(),
        seed_procedure=seed_procedure or {},
        protocol=meeting.protocol(),
        opened_by=opened_by if isinstance(opened_by, Person) else None,
    )
    audit.record(
        "lots.draw.opened",
        actor=opened_by,
        request=request,
        subject=draw,
        phase=phase,
        inputs_sha256=draw.protocol["inputs_sha256"],
        rulebook=config.rulebook,
    )
    return draw


def _locked(draw: Draw, version: int | None) -> Draw:
    locked = Draw.objects.select_for_update().get(pk=draw.pk)
    if version is not None and locked.version != version:
        raise StaleDraw(
            _("Someone else has acted on this draw since you loaded it. Reload the page."),
            rule="concurrency",
        )
    if locked.is_confirmed:
        raise RuleViolation(_("The draw is confirmed: it can no longer change."), rule="confirmed")
    return locked


def _save(draw: Draw, meeting: lot_rules.Meeting) -> Draw:
    draw.protocol = meeting.protocol()
    draw.version += 1
    draw.save(update_fields=["protocol", "version"])
    return draw


@transaction.atomic
def act(
    *,
    draw: Draw,
    action: str,
    acted_by: Actor,
    version: int | None = None,
    request: HttpRequest | None = None,
    **params: Any,
) -> Draw:
    """One step of the meeting: `years`, `seat`, `all`, `redraw`, `deferral` or `exception`."""
    _check(acted_by)
    locked = _locked(draw, version)
    meeting = lot_rules.Meeting.replay(locked.protocol)
    if action == "years":
        meeting.draw_years()
    elif action == "seat":
        meeting.draw_seat()
    elif action == "all":
        meeting.draw_all()
    elif action == "redraw":
        meeting.request_redraw(**params)
    elif action == "deferral":
        meeting.request_deferral(**params)
    elif action == "exception":
        # P&R para 20, "in exceptional circumstances": who allowed what, and why; the
        # instrument set aside is then drawn with the others (its seats join the queue).
        meeting.record_exception(**params)
    else:
        raise RuleViolation(_("Unknown action: %(action)s.") % {"action": action}, rule="action")
    before = len(locked.events)
    saved = _save(locked, meeting)
    audit.record(
        f"lots.draw.{action}",
        actor=acted_by,
        request=request,
        subject=saved,
        events=len(saved.events) - before,
        request_params={k: v for k, v in params.items() if isinstance(v, str)},
    )
    return saved


@transaction.atomic
def confirm_draw(
    *,
    draw: Draw,
    confirmed_by: Actor,
    now: datetime,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> Draw:
    """Confirm a complete draw: the country reviews of the phase are created, all or none."""
    _check(confirmed_by)
    locked = _locked(draw, version)
    meeting = lot_rules.Meeting.replay(locked.protocol)
    if not meeting.protocol()["outcome"]["is_complete"]:
        raise RuleViolation(
            _("The draw is not complete: every seat must be drawn before it is confirmed."),
            rule="P&R para 20",
        )
    if Draw.objects.filter(phase=locked.phase, status=Draw.Status.CONFIRMED).exists():
        raise RuleViolation(
            _("Phase %(phase)s already has a confirmed draw.") % {"phase": locked.phase},
            rule="P&R para 10",
        )
    review_services.create_reviews_from_assignment(
        assignment=meeting.assignment(),
        phase=locked.phase,
        draw_id=locked.pk,
        drawn_on=locked.held_on,
    )
    locked.status = Draw.Status.CONFIRMED
    locked.confirmed_at = now
    locked.version += 1
    locked.save(update_fields=["status", "confirmed_at", "version"])
    audit.record(
        "lots.draw.confirmed",
        actor=confirmed_by,
        subject=locked,
        request=request,
        phase=locked.phase,
    )
    return locked


@transaction.atomic
def add_volunteer(
    *,
    draw: Draw,
    state_code: str,
    instrument_code: str,
    by: Actor,
    now: datetime,
    request: HttpRequest | None = None,
) -> Volunteer:
    """Record that a signatory volunteers to be reviewed in the draw's phase and draw its lots
    (P&R paras 20, 52): a year and two reviewing States among the parties with room left; its
    review is created at once. A volunteer is never a reviewer: only parties are drawn.
    """
    _check(by)
    if not isinstance(by, Person):
        raise PermissionDenied
    locked = Draw.objects.select_for_update().get(pk=draw.pk)
    if not locked.is_confirmed:
        raise RuleViolation(
            _("Volunteers are added to a confirmed draw; confirm the phase's draw first."),
            rule="P&R para 52",
        )
    state = registry.State.objects.filter(code=state_code).first()
    instrument = registry.Instrument.objects.filter(code=instrument_code).first()
    if state is None or instrument is None:
        raise RuleViolation(
            _("The registry holds no State %(state)s or no instrument %(instrument)s.")
            % {"state": state_code, "instrument": instrument_code},
            rule="registry",
        )
    participation = registry.Participation.objects.filter(
        state=state, instrument=instrument
    ).first()
    status = Status(participation.status) if participation else Status.NONE
    if basis_for(Participation(status), volunteers=True) is not Basis.VOLUNTARY:
        raise RuleViolation(
            _(
                "Only a signatory may volunteer to be reviewed (P&R para 52); %(state)s is not a"
                " signatory of %(instrument)s."
            )
            % {"state": state.code, "instrument": instrument.code},
            rule="P&R para 52",
        )
    if Volunteer.objects.filter(draw=locked, state=state, instrument=instrument).exists():
        raise RuleViolation(
            _("%(state)s already volunteers for %(instrument)s in this phase.")
            % {"state": state.code, "instrument": instrument.code},
            rule="P&R para 10",
        )
    protocol = locked.protocol
    config = lot_rules.DrawConfig.from_json(protocol["inputs"]["config"])
    rows = list(protocol["outcome"]["assignments"])
    rows += [v.outcome["row"] for v in locked.volunteers.all()]
    parties = [
        r["state_under_review"]
        for r in protocol["outcome"]["assignments"]
        if r["instrument"] == instrument.code
    ]
    groups = {s.code: s.regional_group for s in registry.State.objects.exclude(regional_group="")}
    if not state.regional_group:
        raise RuleViolation(
            _("%(state)s belongs to no regional group, so no same-group reviewer can be drawn.")
            % {"state": state.code},
            rule="P&R para 20",
        )
    outcome = draw_volunteer(
        state=state.code,
        group=state.regional_group,
        instrument=instrument.code,
        phase_seed=locked.seed,
        parties=parties,
        reviews=rows,
        groups=groups,
        max_reviews=config.max_reviews,
    )
    row = {
        "instrument": instrument.code,
        "state_under_review": state.code,
        "year": outcome.year,
        "reviewers": [outcome.same, outcome.other],
    }
    volunteer = Volunteer.objects.create(
        draw=locked,
        state=state,
        instrument=instrument,
        outcome={**outcome.to_json(), "row": row},
        recorded_at=now,
        recorded_by=by,
    )
    review_services.create_reviews_from_assignment(
        assignment={"assignments": [row]},
        phase=locked.phase,
        draw_id=locked.pk,
        drawn_on=now.date(),
    )
    audit.record(
        "lots.volunteer.drawn",
        actor=by,
        request=request,
        subject=locked,
        state=state.code,
        instrument=instrument.code,
        year=outcome.year,
        reviewers=[outcome.same, outcome.other],
        seed=outcome.seed,
    )
    return volunteer
