"""The personas of the test suite: one per role and relationship to the fixture review.

The review (see `conftest.review`) puts Kenya under review for the Convention, reviewed by
Nigeria (same regional group) and France; each persona is (role, State, instrument).
"""

from __future__ import annotations

from revmech.accounts.models import Role

PERSONAS: dict[str, tuple[str | None, str | None, str | None]] = {
    "secretariat": (Role.SECRETARIAT, None, None),
    "secretariat_unassigned": (Role.SECRETARIAT, None, None),
    # The head of the secretariat (permission reviews.assign_secretariat), not assigned.
    "secretariat_head": (Role.SECRETARIAT, None, None),
    "focal_point_under_review": (Role.FOCAL_POINT, "KEN", "UNTOC"),
    "expert_under_review": (Role.EXPERT, "KEN", "UNTOC"),
    "expert_reviewing": (Role.EXPERT, "FRA", "UNTOC"),
    "focal_point_reviewing": (Role.FOCAL_POINT, "NGA", "UNTOC"),
    "expert_reviewing_other_instrument": (Role.EXPERT, "FRA", "TIP"),
    "observer": (Role.OBSERVER, "KEN", None),
    "outsider": (Role.EXPERT, "BRA", "UNTOC"),
    "observer_other_state": (Role.OBSERVER, "BRA", None),
    "ngo": (Role.NGO, None, None),
    "working_group_member": (Role.WORKING_GROUP, "BRA", None),
    "bureau_member": (Role.BUREAU, None, None),
    "no_role": (None, None, None),
}
