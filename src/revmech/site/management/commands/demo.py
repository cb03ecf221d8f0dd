"""`revmech demo`: demonstration people, the confirmed draw of phase 1 and a draw in progress.

Runs after `revmech load-reference`; a second run changes nothing. Never use on a real site:
the demonstration passwords are printed.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from revmech.accounts import services as account_services
from revmech.accounts.models import (
    OPEN_STATUSES,
    Appointment,
    AppointmentStatus,
    ExpertProfile,
    ReviewAssignment,
    Role,
)
from revmech.civil_society import demo as civil_society_demo
from revmech.followup.demo import load_demo as load_followup_demo
from revmech.lots import services as lot_services
from revmech.lots.models import Draw
from revmech.meetings import demo as meetings_demo
from revmech.questionnaires.demo import load_demo as load_questionnaire_demo
from revmech.questionnaires.demo import send_outcome as send_desk_review_outcome
from revmech.questionnaires.demo import submit_answers as submit_questionnaire_answers
from revmech.registry.models import Cluster, Instrument, State, WorkingGroup
from revmech.reports import demo as reports_demo
from revmech.reviews import services as review_services
from revmech.reviews.models import CountryReview, Stage
from revmech.secretariat import demo as secretariat_demo
from revmech.site import scale

DEMO_PASSWORD = "revmech-demo-2026"  # noqa: S105 - printed for the demonstration on purpose
PEOPLE = [
    # username, staff, superuser, what they show
    ("secretariat", True, True, "secretariat: draw meetings, nominations, the lists, the admin"),
    ("focal-point", False, False, "focal point of a State under review in phase 1"),
    ("expert", False, False, "governmental expert of that State under review"),
    ("reviewer", False, False, "governmental expert of one of its reviewing States"),
    (
        "reviewing-fp-1",
        False,
        False,
        "focal point of the first reviewing State: desk review, draft report, agreement",
    ),
    (
        "reviewing-fp-2",
        False,
        False,
        "focal point of the second reviewing State: desk review, draft report, agreement",
    ),
    ("observer", False, False, "observer (permanent mission) of the State under review"),
    ("ngo", False, False, "representative of a non-governmental organization"),
    ("bureau", False, False, "member of the Bureau: conducts NGO briefings, decides objections"),
    ("visitor", False, False, "signed in, no role yet: sees no confidential content"),
    (
        "working-group",
        False,
        False,
        "member of the Working Group on Technical Assistance: the needs, the report",
    ),
]
# The nominee has no password yet: they activate their account through the printed link.
NOMINEE_EMAIL = "nominee@example.org"
# Roles with confidential access sign in with a second factor; the demo people share this
# published secret so that anyone can try the site (`revmech demo --code` prints a code).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demonstration only
WITH_SECOND_FACTOR = (
    "secretariat",
    "focal-point",
    "expert",
    "reviewer",
    "reviewing-fp-1",
    "reviewing-fp-2",
    "observer",
)
# Where each demo person starts the tour (README, "A tour of the demo"); {review} is the demo
# people's own review.
START = {
    "secretariat": "/lots/meetings/ (the draw), then / and the review {review}",
    "focal-point": "/ (What needs you now: open the consultations)",
    "expert": "/questionnaires/review/{id}/ (answer the questionnaire)",
    "reviewer": "/questionnaires/review/{id}/desk-review/ (desk review notes)",
    "reviewing-fp-1": "/ (the desk review, the draft report, the agreement)",
    "reviewing-fp-2": "/ (the agreement to the report)",
    "observer": "{review} (reads the review, acts on nothing)",
    "ngo": "/civil-society/ (briefings)",
    "bureau": "/civil-society/ (briefings, objections)",
    "working-group": "/followup/",
    "visitor": "/ (no confidential content)",
}

PHASE_1_SEED = "demo phase 1: 4 8 1 5 9 2 6"
PHASE_2_SEED = "demo phase 2: 3 1 4 1 5 9 2"
DEFERRALS = [{"state": "FRA", "instrument": "UNTOC"}, {"state": "KEN", "instrument": "TIP"}]
# The stages the demo moves phase-1 reviews to, one review each, after the demo people's own
# review (left at "drawn" for them to walk through), with the dates of each move.
DEMO_STAGES = [
    Stage.CONSULTATIONS,
    Stage.SELF_ASSESSMENT,
    Stage.DESK_REVIEW,
    Stage.DIALOGUE,
    Stage.DRAFT_REPORT,
    Stage.AGREED,
    Stage.COMMUNICATED,
]
STAGE_ORDER = [s.value for s in Stage]


class Command(BaseCommand):
    help = "Load demonstration people and draws (after load-reference)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--code", action="store_true", help="print the current second-factor code and stop"
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="then add N times more data around the demo review, to measure (issue 17)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["code"]:
            self.stdout.write(totp_code(DEMO_TOTP_SECRET, now=time.time()))
            return
        if not State.objects.exists():
            raise CommandError("Load the reference data first: revmech load-reference")
        people = self._people()
        secretariat = people["secretariat"]
        with transaction.atomic():
            if not Draw.objects.filter(phase=1).exists():
                self._confirmed_phase_1(secretariat)
            if not Draw.objects.filter(phase=2).exists():
                self._phase_2_in_progress(secretariat)
            self._appointments(people)
            self._own_review_assigned(secretariat)
            self._reviews_in_every_stage(secretariat)
            self._questionnaires()
            sessions = meetings_demo.load(secretariat)
            self._reports(secretariat, sessions)
            self._appoint(people["bureau"], Role.BUREAU)
            self._appoint(people["ngo"], Role.NGO, organization=civil_society_demo.NETWORK)
            briefings = civil_society_demo.load(
                secretariat=secretariat,
                ngo=people["ngo"],
                bureau=people["bureau"],
                sessions=sessions,
            )
            secretariat_demo.load(secretariat)
            self._followup(secretariat)
            activation_url = self._pending_nominee(secretariat)
            for username in WITH_SECOND_FACTOR:
                if not Authenticator.objects.filter(
                    user=people[username], type=Authenticator.Type.TOTP
                ).exists():
                    TOTP.activate(people[username], DEMO_TOTP_SECRET)
        self._print_sign_ins(people)
        self.stdout.write(
            f"Second factor for {', '.join(WITH_SECOND_FACTOR)}: TOTP secret {DEMO_TOTP_SECRET}"
            " (add it to an authenticator app, or run `revmech demo --code`)."
        )
        for line in briefings:
            self.stdout.write(f"  {line}")
        self.stdout.write(f"  {NOMINEE_EMAIL} is nominated as an expert; activate at:")
        self.stdout.write(f"    {activation_url}")
        self.stdout.write(
            "Mail, including the daily deadline reminders, goes through the task queue: "
            "`revmech worker` (started by `make run`) prints it here."
        )
        if options["scale"] > 0:
            self._scale(options["scale"])

    def _print_sign_ins(self, people: dict[str, Any]) -> None:
        """The demo's people as a table: sign-in, role, State, review, where to start."""
        own = (
            CountryReview.objects.filter(phase=1, draw__status=Draw.Status.CONFIRMED)
            .select_related("state_under_review", "instrument")
            .order_by("instrument__position", "state_under_review__code")
            .first()
        )
        review = f"/reviews/{own.pk}/" if own else "-"
        label = f"{own.state_under_review.code} {own.instrument.code} phase 1" if own else "-"
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  {'sign-in':<15} {'role':<44} {'State':<6} {'review':<22} start at")
        approved = Appointment.objects.filter(
            person__in=people.values(), status=AppointmentStatus.APPROVED
        ).select_related("state")
        roles: dict[int, Appointment] = {}
        for found in approved.order_by("pk"):
            roles.setdefault(found.person_id, found)
        for username, _staff, _superuser, _what in PEOPLE:
            appointment = roles.get(people[username].pk)
            role = str(appointment.get_role_display()) if appointment else "(no role)"
            state = appointment.state.code if appointment and appointment.state else "-"
            in_review = own is not None and state in (
                own.state_under_review.code,
                *(r.state.code for r in own.reviewers.select_related("state")),
            )
            start = START.get(username, "/").format(review=review, id=own.pk if own else 0)
            self.stdout.write(
                f"  {username:<15} {role:<44} {state:<6} "
                f"{(label if in_review or username == 'secretariat' else '-'):<22} {start}"
            )

    def _scale(self, factor: int) -> None:
        """Grow the data around the demo people's review, once per factor (a second run of the
        same factor adds nothing)."""
        label = f"scale{factor}"
        if Appointment.objects.filter(note_verbale_reference=label.upper()).exists():
            self.stdout.write(f"Scaled data ({label}) already loaded.")
            return
        around = (
            CountryReview.objects.filter(phase=1, draw__status=Draw.Status.CONFIRMED)
            .order_by("instrument__position", "state_under_review__code")
            .first()
        )
        if around is None:
            raise CommandError("No confirmed review to grow the data around.")
        grown = scale.grow(around=around, factor=factor, label=label)
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(grown.counts.items()))
        self.stdout.write(f"Scaled x{factor} around {around}: {counts}.")

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
        self._appoint(people["secretariat"], Role.SECRETARIAT)
        # The demo secretariat is also its head: it may assign staff to reviews (P&R para 42).
        head = Permission.objects.get(
            content_type__app_label="reviews", codename="assign_secretariat"
        )
        people["secretariat"].user_permissions.add(head)
        return people

    def _assign(self, review: CountryReview, secretariat: Any) -> None:
        """Assign the secretariat through the service (history and audit), once."""
        if not ReviewAssignment.objects.filter(person=secretariat, review=review).exists():
            review_services.assign_secretariat(
                review=review,
                person=secretariat,
                by=None,
                now=timezone.now(),
                reason="Demonstration data",
            )

    def _own_review_assigned(self, secretariat: Any) -> None:
        """The demo people's own review, with the demo secretariat assigned to it."""
        own = (
            CountryReview.objects.filter(phase=1, draw__status=Draw.Status.CONFIRMED)
            .order_by("instrument__position", "state_under_review__code")
            .first()
        )
        if own is not None:
            self._assign(own, secretariat)

    def _appoint(self, person: Any, role: str, **where: Any) -> Appointment:
        """An approved appointment, made once (demo seed data: nominated, activated, approved)."""
        appointment, _created = Appointment.objects.get_or_create(
            person=person,
            role=role,
            defaults={
                **where,
                "status": AppointmentStatus.APPROVED,
                "nominated_at": timezone.now(),
                "approved_at": timezone.now(),
                "note_verbale_reference": "DEMO" if role != Role.SECRETARIAT else "",
            },
        )
        return appointment

    def _appointments(self, people: dict[str, Any]) -> None:
        """A State under review in the confirmed phase-1 draw, its people and a reviewer's."""
        review = (
            CountryReview.objects.filter(phase=1, draw__status=Draw.Status.CONFIRMED)
            .select_related("state_under_review", "instrument")
            .order_by("instrument__position", "state_under_review__code")
            .first()
        )
        if review is None:
            return
        state, instrument = review.state_under_review, review.instrument
        reviewing = review.reviewers.select_related("state").order_by("seat").first()
        self._appoint(people["focal-point"], Role.FOCAL_POINT, state=state, instrument=instrument)
        self._appoint(people["expert"], Role.EXPERT, state=state, instrument=instrument)
        profile, created = ExpertProfile.objects.get_or_create(
            person=people["expert"],
            defaults={
                "professional_background": "Prosecutor specialized in organized crime since 2010.",
                "current_position": "Deputy Director of Public Prosecutions",
                "offices_held": "Head of the national anti-trafficking task force",
                "activities": "Trains judges and prosecutors in mutual legal assistance.",
            },
        )
        if created:
            profile.clusters.set(Cluster.objects.filter(cluster_set__is_default=True)[:2])
        if reviewing is not None:
            self._appoint(
                people["reviewer"], Role.EXPERT, state=reviewing.state, instrument=instrument
            )
        # The focal points of both reviewing States sign in too, so that the review can be taken
        # from the draw to the agreed, communicated report (P&R paras 29, 33, 34).
        seats = review.reviewers.select_related("state").order_by("seat")
        for username, seat in zip(("reviewing-fp-1", "reviewing-fp-2"), seats, strict=False):
            taken = (
                Appointment.objects.filter(
                    role=Role.FOCAL_POINT,
                    state=seat.state,
                    instrument=instrument,
                    status__in=OPEN_STATUSES,
                )
                .exclude(person=people[username])
                .exists()
            )
            if not taken:  # one focal point per State and instrument (P&R para 12)
                self._appoint(
                    people[username], Role.FOCAL_POINT, state=seat.state, instrument=instrument
                )
        self._appoint(people["observer"], Role.OBSERVER, state=state)
        self._appoint(
            people["working-group"],
            Role.WORKING_GROUP,
            working_group=WorkingGroup.objects.filter(code="WGTA").first(),
        )
        for person in people.values():
            if not person.first_name:
                person.first_name = person.username.replace("-", " ").title()
                person.save(update_fields=["first_name"])
        self.stdout.write(
            f"People: {state.code} under review for {instrument.code} (phase 1), "
            f"reviewed by {reviewing.state.code if reviewing else '?'}."
        )

    def _questionnaires(self) -> None:
        """The demo people's own review partly answered; the review in desk review with its
        questionnaire submitted and notes of the reviewing States (issue 6)."""
        phase_1 = CountryReview.objects.filter(
            phase=1, draw__status=Draw.Status.CONFIRMED
        ).order_by("instrument__position", "state_under_review__code")
        own = phase_1.first()
        desk = phase_1.filter(stage=Stage.DESK_REVIEW).first()
        if own is None:
            return
        for line in load_questionnaire_demo(partly_answered=own, under_desk_review=desk):
            self.stdout.write(line)

    def _followup(self, secretariat: Any) -> None:
        """The follow-up of the communicated and the agreed review (issue 13): needs, progress,
        the analysis for the Conference and a working group's recommendation."""
        phase_1 = CountryReview.objects.filter(
            phase=1, draw__status=Draw.Status.CONFIRMED
        ).order_by("instrument__position", "state_under_review__code")
        published = phase_1.filter(stage=Stage.COMMUNICATED).first()
        confidential = phase_1.filter(stage=Stage.AGREED).first()
        if published is None or confidential is None:
            return
        for line in load_followup_demo(
            secretariat=secretariat,
            published=published,
            confidential=confidential,
            own=phase_1.first(),
        ):
            self.stdout.write(line)

    def _focal_point(self, state: State, instrument: Instrument) -> Any:
        """The approved focal point of the State for the instrument; the demo appoints one
        (`demo-fp-<state>-<instrument>`, no password: not for signing in) where none exists."""
        existing = Appointment.objects.filter(
            role=Role.FOCAL_POINT,
            state=state,
            instrument=instrument,
            status=AppointmentStatus.APPROVED,
        ).first()
        if existing is not None:
            return existing.person
        username = f"demo-fp-{state.code}-{instrument.code}".lower()
        user_model = get_user_model()
        person = user_model.objects.filter(username=username).first()
        if person is None:
            person = user_model.objects.create_user(username, f"{username}@example.org", None)
        self._appoint(person, Role.FOCAL_POINT, state=state, instrument=instrument)
        return person

    def _reviews_in_every_stage(self, secretariat: Any) -> None:
        """Move one phase-1 review to each later stage through the services, as its people
        would; a review already moved is left as it is, so a second run changes nothing."""
        reviews = list(
            CountryReview.objects.filter(phase=1, draw__status=Draw.Status.CONFIRMED)
            .select_related("state_under_review", "instrument")
            .order_by("instrument__position", "state_under_review__code")[1 : 1 + len(DEMO_STAGES)]
        )
        for review, target in zip(reviews, DEMO_STAGES, strict=False):
            if review.stage != Stage.DRAWN:
                continue
            self._assign(review, secretariat)
            self._move_to(review, target, secretariat)
        self.stdout.write("Phase 1: reviews in every stage, from drawn to communicated.")

    def _move_to(self, review: CountryReview, target: str, secretariat: Any) -> None:
        under_review = self._focal_point(review.state_under_review, review.instrument)
        reviewers = [
            self._focal_point(r.state, review.instrument)
            for r in review.reviewers.select_related("state")
        ]
        reaches = STAGE_ORDER.index(target)
        if reaches < 1:
            return
        review_services.open_consultations(review=review, by=under_review, today=date(2026, 6, 22))
        if reaches >= STAGE_ORDER.index(Stage.SELF_ASSESSMENT):
            review_services.record_consultations(
                review=review,
                by=under_review,
                today=date(2026, 7, 3),
                working_languages=["en", "fr"],
                schedule="Answers by 15 September; desk review in October; calls in November.",
            )
        # Each move with its artefact, through the app that holds it (reviews.artefacts).
        if reaches >= STAGE_ORDER.index(Stage.DESK_REVIEW):
            submit_questionnaire_answers(review, today=date(2026, 9, 10))
            review.refresh_from_db()
        if reaches >= STAGE_ORDER.index(Stage.DIALOGUE):
            send_desk_review_outcome(review, today=date(2026, 10, 5))
            review.refresh_from_db()
        if target == Stage.DIALOGUE:
            self._dialogue(review, reviewers[0], under_review)
        if reaches >= STAGE_ORDER.index(Stage.DRAFT_REPORT):
            review_services.prepare_draft_report(
                review=review, by=reviewers[0], today=date(2026, 11, 20)
            )
            # The report drafted together, with comments and a request for explanations.
            reports_demo.draft(review, reviewer=reviewers[0], under_review=under_review)
        if reaches >= STAGE_ORDER.index(Stage.AGREED):
            # The three focal points approve one version: final, and the review agreed.
            reports_demo.agree(
                review,
                focal_points={
                    state.code: person
                    for person, state in zip(
                        (under_review, *reviewers),
                        (review.state_under_review, *(r.state for r in review.reviewers.all())),
                        strict=True,
                    )
                },
                drafter=reviewers[0],
            )
            review.refresh_from_db()
        if reaches >= STAGE_ORDER.index(Stage.COMMUNICATED):
            review_services.communicate_report(
                review=review, by=secretariat, today=date(2026, 12, 10)
            )

    def _reports(self, secretariat: Any, sessions: list[Any]) -> None:
        """The communicated review's summary published in six languages and its report read
        by another State at its request (P&R paras 36, 39)."""
        communicated = (
            CountryReview.objects.filter(phase=1, stage=Stage.COMMUNICATED, report__isnull=False)
            .select_related("report", "state_under_review", "instrument")
            .order_by("instrument__position", "state_under_review__code")
            .first()
        )
        if communicated is None:
            return
        parties = {communicated.state_under_review.code}
        parties |= {r.state.code for r in communicated.reviewers.select_related("state")}
        outside = (
            State.objects.filter(
                participations__instrument=communicated.instrument,
                participations__status="party",
            )
            .exclude(code__in=parties)
            .order_by("code")
            .first()
        )
        if outside is None:
            return
        reports_demo.publish(
            communicated.report,
            secretariat=secretariat,
            session=sessions[1],
            requester=self._focal_point(outside, communicated.instrument),
            grantor=self._focal_point(communicated.state_under_review, communicated.instrument),
        )
        self.stdout.write(
            f"Reports: a draft with comments, a final report, and the summary of "
            f"{communicated.state_under_review.code} published in six languages; "
            f"{outside.code} reads its report at its request."
        )

    def _dialogue(self, review: CountryReview, reviewer: Any, under_review: Any) -> None:
        """A request answered, a videoconference with minutes and a proposed country visit."""
        now = datetime.fromisoformat("2026-10-12T09:00:00+00:00")
        asked = review_services.ask_in_dialogue(
            review=review,
            by=reviewer,
            kind="clarification",
            text="Which courts hear cases of participation in an organized criminal group?",
            now=now,
        )
        review_services.answer_in_dialogue(
            dialogue_request=asked,
            by=under_review,
            text="The high courts, with appeal to the court of appeal.",
            now=now,
        )
        meeting = review_services.schedule_meeting(
            review=review,
            by=reviewer,
            kind="videoconference",
            starts_at=datetime.fromisoformat("2026-10-20T13:00:00+00:00"),
            participants="Focal points and experts of the three States; the secretariat.",
            now=now,
        )
        review_services.record_minutes(
            meeting=meeting, by=reviewer, minutes="Answers discussed; visit proposed.", now=now
        )
        review_services.propose_visit(
            review=review,
            by=reviewer,
            starts_on=date(2026, 11, 9),
            ends_on=date(2026, 11, 11),
            purpose="Meet the prosecution service and the financial intelligence unit.",
            now=now,
        )

    def _pending_nominee(self, secretariat: Any) -> str:
        """A nominee who has not activated yet; each run sends a fresh link (the old one stops
        working), because only the link's hash is stored."""
        existing = Appointment.objects.filter(
            person__email=NOMINEE_EMAIL, status=AppointmentStatus.NOMINATED
        ).first()
        if existing is not None:
            token = account_services.send_activation_link(appointment=existing, sent_by=secretariat)
        else:
            appointment = account_services.nominate(
                state=State.objects.get(code="KEN"),
                role=Role.EXPERT,
                instrument=Instrument.objects.get(code="UNTOC"),
                person_name="Demo Nominee",
                email=NOMINEE_EMAIL,
                note_verbale_reference="DEMO/NV/1",
                note_verbale_on=date(2026, 6, 1),
                nominated_by=secretariat,
            )
            token = account_services.send_activation_link(
                appointment=appointment, sent_by=secretariat
            )
        return account_services.absolute_url(reverse("accounts:activate", kwargs={"token": token}))

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


def totp_code(secret: str, *, now: float, period: int = 30) -> str:
    """The current six-digit code for a base32 secret (RFC 6238), for the demonstration."""
    return str(format_hotp_value(hotp_value(secret, int(now // period))))
