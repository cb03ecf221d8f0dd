"""Demonstration follow-up (called by `revmech demo`): the register, progress, the analysis.

Two reviews that reached agreement feed the register through their final reports: the first with
its executive summary published (its needs feed the public analysis), the second confidential
(it feeds only the figures that name no State). Needs move through their statuses, a State
reports progress on an observation, the working group records a recommendation, and the demo
people's own State enters a need of its own. Everything is keyed, so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from revmech.accounts.models import Appointment, AppointmentStatus, Person, Role
from revmech.followup import services
from revmech.followup.models import Finding, Need, NeedStatus, Recommendation
from revmech.registry.models import Article, Instrument, WorkingGroup
from revmech.reports.models import Report
from revmech.reviews.models import CountryReview

NOW = dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC)
IDENTIFIED_ON = dt.date(2027, 1, 15)

# (type, cluster, priority, description) and (kind, cluster, text) of each final report.
PUBLISHED_NEEDS = (
    (
        "legislative",
        "criminalization",
        "high",
        "Drafting of the offence of participation in an organized criminal group.",
    ),
    (
        "capacity_building",
        "international_cooperation",
        "medium",
        "Training of the central authority on requests for mutual legal assistance.",
    ),
)
PUBLISHED_FINDINGS = (
    (
        "good_practice",
        "criminalization",
        "A single statute consolidates the offences, with written guidance for prosecutors.",
    ),
    (
        "success",
        "international_cooperation",
        "Requests for mutual legal assistance are answered within three months on average.",
    ),
    ("challenge", "prevention", "Data on organized crime are not collected centrally."),
    (
        "observation",
        "criminalization",
        "Consider criminalizing the agreement to commit a serious crime.",
    ),
    (
        "observation",
        "international_cooperation",
        "Consider designating one central authority for mutual legal assistance.",
    ),
)
CONFIDENTIAL_NEEDS = (
    ("capacity_building", "international_cooperation", "high", "Training of judges on e-evidence."),
    ("technology", "prevention", "", "A case management system for the prosecution service."),
)
CONFIDENTIAL_FINDINGS = (
    ("good_practice", "international_cooperation", "A network of liaison magistrates abroad."),
    ("challenge", "criminalization", "Overlapping offences in two codes."),
    ("observation", "prevention", "Consider a national strategy against organized crime."),
)
OWN_NEED = (
    "institutional",
    "prevention",
    "medium",
    "A national body to coordinate the prevention of organized crime.",
)
RECOMMENDATION = (
    "States parties and donors are encouraged to give priority to training central authorities "
    "on requests for mutual legal assistance."
)


def article_in(instrument: Instrument, cluster_code: str) -> str:
    """The first article of the cluster (default clusters) for the instrument, as a label."""
    article = (
        Article.objects.filter(
            instrument=instrument,
            cluster_entries__cluster__code=cluster_code,
            cluster_entries__cluster__cluster_set__is_default=True,
        )
        .order_by("position")
        .first()
    )
    return article.number if article else ""


def _outcome(
    review: CountryReview,
    needs: Sequence[tuple[str, str, str, str]],
    findings: Sequence[tuple[str, str, str]],
    *,
    is_public: bool,
) -> tuple[list[Need], list[Finding]]:
    instrument = review.instrument
    return services.record_report_outcome(
        review=review,
        needs=[
            services.NeedInput(
                assistance_type=kind,
                description=text,
                article=article_in(instrument, cluster),
                cluster=cluster,
                priority=priority,
            )
            for kind, cluster, priority, text in needs
        ],
        findings=[
            services.FindingInput(
                kind=kind,
                text=text,
                key=f"finding:{position}",
                article=article_in(instrument, cluster),
                cluster=cluster,
            )
            for position, (kind, cluster, text) in enumerate(findings)
        ],
        is_public=is_public,
        identified_on=IDENTIFIED_ON,
        now=NOW,
        report_key=f"demo-report:{review.pk}",
    )


def focal_point_of(review: CountryReview) -> Person | None:
    found = (
        Appointment.objects.filter(
            role=Role.FOCAL_POINT,
            state=review.state_under_review,
            instrument=review.instrument,
            status=AppointmentStatus.APPROVED,
        )
        .select_related("person")
        .first()
    )
    return found.person if found else None


def _final_report(review: CountryReview) -> Report | None:
    return Report.objects.filter(review=review, finalized_at__isnull=False).first()


@transaction.atomic
def load_demo(
    *,
    secretariat: Person,
    published: CountryReview,
    confidential: CountryReview,
    own: CountryReview | None = None,
) -> list[str]:
    """The follow-up of two reviews whose reports are final, and the demo people's own need.

    Where the reports demo made the reports final, the register takes them as it takes any final
    report (`collect_needs`); where a review has no final report (the reports demo did not run),
    the structured outcome above stands in for it.
    """
    done: list[str] = []
    for review, needs, findings, is_public in (
        (published, PUBLISHED_NEEDS, PUBLISHED_FINDINGS, True),
        (confidential, CONFIDENTIAL_NEEDS, CONFIDENTIAL_FINDINGS, False),
    ):
        if _final_report(review) is None:
            _outcome(review, needs, findings, is_public=is_public)
    added = services.collect_needs(now=NOW, by=secretariat)
    done.append(f"follow-up: final reports of {published} (summary published) and {confidential}")
    done.append(f"follow-up: {added} needs taken from questionnaires, requests and reports")
    first = _first_need(published)
    if first is not None and first.status == NeedStatus.IDENTIFIED:
        services.update_need(
            need=first,
            by=secretariat,
            status=NeedStatus.BEING_ADDRESSED,
            provider="UNODC Global Programme against Transnational Organized Crime",
            note="Workshop planned for April 2027.",
            based_on_version=first.version,
            now=NOW,
        )
    other = _first_need(confidential)
    other_focal_point = focal_point_of(confidential)
    if other is not None and other_focal_point is not None and other.status != "addressed":
        services.report_on_need(
            need=other,
            by=other_focal_point,
            is_addressed=True,
            note="Two training courses were held with a donor's support in 2027.",
            based_on_version=other.version,
            now=NOW + dt.timedelta(days=60),
        )
    focal_point = focal_point_of(published)
    observation = (
        Finding.objects.filter(review=published, kind="observation").order_by("pk").first()
    )
    if focal_point is not None and observation is not None and not observation.progress.exists():
        services.report_progress(
            finding=observation,
            by=focal_point,
            progress="partial",
            text="A bill amending the criminal code is before parliament.",
            now=NOW + dt.timedelta(days=90),
        )
        done.append("follow-up: progress reported on an observation")
    if own is not None:
        own_focal_point = focal_point_of(own)
        kind, cluster, priority, text = OWN_NEED
        if (
            own_focal_point is not None
            and not Need.objects.filter(state=own.state_under_review, description=text).exists()
        ):
            services.add_need(
                state=own.state_under_review,
                instrument=own.instrument,
                need=services.NeedInput(
                    assistance_type=kind,
                    description=text,
                    article=article_in(own.instrument, cluster),
                    cluster=cluster,
                    priority=priority,
                ),
                by=own_focal_point,
                now=NOW,
            )
    group = WorkingGroup.objects.filter(code="WGTA").first()
    if group is not None and not Recommendation.objects.filter(working_group=group).exists():
        services.record_recommendation(
            working_group=group,
            by=secretariat,
            text=RECOMMENDATION,
            adopted_on=dt.date(2027, 6, 3),
            now=NOW,
            instrument=Instrument.objects.filter(code="UNTOC").first(),
            assistance_type="capacity_building",
        )
        done.append("follow-up: a recommendation of the working group on technical assistance")
    return done


def _first_need(review: CountryReview) -> Need | None:
    return Need.objects.filter(review=review, source="report").order_by("pk").first()
