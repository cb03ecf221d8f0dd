"""`revmech demo`: demonstration people, the confirmed draw of phase 1 and a draw in progress.

Runs after `revmech load-reference`; a second run changes nothing. Never use on a real site:
the demonstration passwords are printed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from revmech.lots import services as lot_services
from revmech.lots.models import Draw
from revmech.registry.models import State

DEMO_PASSWORD = "revmech-demo-2026"  # noqa: S105 - printed for the demonstration on purpose
PEOPLE = [
    # username, staff, superuser, what they show
    ("secretariat", True, True, "secretariat: draw meetings, every review, the admin"),
    ("visitor", False, False, "signed in, no role yet: sees no confidential content"),
]
PHASE_1_SEED = "demo phase 1: 4 8 1 5 9 2 6"
PHASE_2_SEED = "demo phase 2: 3 1 4 1 5 9 2"
DEFERRALS = [{"state": "FRA", "instrument": "UNTOC"}, {"state": "KEN", "instrument": "TIP"}]


class Command(BaseCommand):
    help = "Load demonstration people and draws (after load-reference)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not State.objects.exists():
            raise CommandError("Load the reference data first: revmech load-reference")
        people = self._people()
        secretariat = people["secretariat"]
        with transaction.atomic():
            if not Draw.objects.filter(phase=1).exists():
                self._confirmed_phase_1(secretariat)
            if not Draw.objects.filter(phase=2).exists():
                self._phase_2_in_progress(secretariat)
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for username, _staff, _superuser, role in PEOPLE:
            self.stdout.write(f"  {username:<14} {role}")

    def _people(self) -> dict[str, Any]:
        user_model = get_user_model()
        people = {}
        for username, staff, superuser, _role in PEOPLE:
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_model.objects.create_user(
                    username,
                    f"{username}@example.org",
                    DEMO_PASSWORD,
                    is_staff=staff,
                    is_superuser=superuser,
                )
            people[username] = user
        return people

    def _confirmed_phase_1(self, secretariat: Any) -> None:
        draw = lot_services.open_draw(
            phase=1,
            title="Joint intersessional meeting: drawing of lots for the first review phase",
            held_on=date(2026, 6, 15),
            seed=PHASE_1_SEED,
            opened_by=secretariat,
            deferrals=DEFERRALS,
        )
        draw = lot_services.act(draw=draw, action="years", acted_by=secretariat)
        draw = lot_services.act(draw=draw, action="all", acted_by=secretariat)
        lot_services.confirm_draw(
            draw=draw,
            confirmed_by=secretariat,
            now=datetime.fromisoformat("2026-06-15T17:00:00+00:00"),
        )
        self.stdout.write("Phase 1: draw confirmed, country reviews created.")

    def _phase_2_in_progress(self, secretariat: Any) -> None:
        draw = lot_services.open_draw(
            phase=2,
            title="Rehearsal: drawing of lots for the second review phase",
            held_on=date(2026, 11, 23),
            seed=PHASE_2_SEED,
            opened_by=secretariat,
        )
        draw = lot_services.act(draw=draw, action="years", acted_by=secretariat)
        for _ in range(6):
            draw = lot_services.act(draw=draw, action="seat", acted_by=secretariat)
        drawn = next(
            row
            for row in draw.protocol["outcome"]["assignments"]
            if row["reviewers"][0] is not None
        )
        # The State under review asks once that its same-group reviewer be drawn again (para 20).
        lot_services.act(
            draw=draw,
            action="redraw",
            acted_by=secretariat,
            instrument=drawn["instrument"],
            state_under_review=drawn["state_under_review"],
            struck=drawn["reviewers"][0],
            requested_by=drawn["state_under_review"],
        )
        self.stdout.write("Phase 2: draw in progress, with a redraw, in the meeting page.")
