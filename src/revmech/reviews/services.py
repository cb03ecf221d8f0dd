"""Every change to country reviews; so far, their creation from a draw (P&R paras 10, 18, 20)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from revmech.registry import models as registry
from revmech.reviews.models import CountryReview, ReviewingState, Seat
from revmech.rules import RuleViolation

if TYPE_CHECKING:
    from revmech.lots.models import Draw


@transaction.atomic
def create_reviews_from_assignment(
    *, assignment: dict[str, Any], phase: int, draw: Draw | None, drawn_on: date
) -> list[CountryReview]:
    """One review per State under review and instrument, with its year and two reviewing States.

    The first reviewer of each row sits in the seat from the regional group of the State under
    review, the second in the seat from another group (the assignment format's convention).
    Either every review is created or none is.
    """
    states = {s.code: s for s in registry.State.objects.all()}
    instruments = {i.code: i for i in registry.Instrument.objects.all()}
    rulebook = registry.RulebookVersion.objects.filter(is_default=True).first()
    created = []
    for row in assignment["assignments"]:
        code, instrument_code = row["state_under_review"], row["instrument"]
        missing = [c for c in (code, *row["reviewers"]) if c not in states]
        if missing or instrument_code not in instruments:
            raise RuleViolation(
                _("The assignment names %(what)s, which the registry does not hold.")
                % {"what": ", ".join(missing) or instrument_code},
                rule="registry",
            )
        if CountryReview.objects.filter(
            state_under_review=states[code], instrument=instruments[instrument_code], phase=phase
        ).exists():
            raise RuleViolation(
                _("%(state)s is already under review for %(instrument)s in phase %(phase)s.")
                % {"state": code, "instrument": instrument_code, "phase": phase},
                rule="P&R para 10",
            )
        review = CountryReview.objects.create(
            state_under_review=states[code],
            instrument=instruments[instrument_code],
            phase=phase,
            year=row["year"],
            draw=draw,
            drawn_on=drawn_on,
            rulebook_version=rulebook.code if rulebook else "",
        )
        same_group, other_group = row["reviewers"]
        ReviewingState.objects.create(review=review, state=states[same_group], seat=Seat.SAME_GROUP)
        ReviewingState.objects.create(
            review=review, state=states[other_group], seat=Seat.OTHER_GROUP
        )
        created.append(review)
    return created
