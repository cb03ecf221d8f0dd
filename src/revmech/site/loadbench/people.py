"""The signed-in people of the load test: sessions made directly in the session store (as after
a sign-in with the second factor), and what each may open and save. Run inside Django by
`revmech.site.loadbench`: `revmech shell -c "...people import main; main('OUT.json')"`."""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from revmech.accounts.models import Person
from revmech.accounts.security import HAS_TOTP_KEY
from revmech.questionnaires import permissions as questionnaire_permissions
from revmech.questionnaires import services as questionnaire_services
from revmech.questionnaires.models import Questionnaire
from revmech.reviews import selectors
from revmech.reviews.models import DocumentVersion

BACKEND = "revmech.accounts.auth.AuthenticationBackend"


def session_for(person: Person) -> str:
    """A session key signed in as `person`, with the second factor already passed."""
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = BACKEND
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session[HAS_TOTP_KEY] = True
    session.set_expiry(settings.SESSION_COOKIE_AGE)
    session.create()
    return str(session.session_key)


def people(prefix: str = "scale") -> list[dict[str, Any]]:
    """Every generated person (`revmech demo --scale N`) with the review they work on."""
    questionnaire_services.ensure_first_phase_definitions()
    found = []
    for person in Person.objects.filter(username__startswith=prefix).order_by("pk"):
        reviews = list(selectors.reviews_for(person)[:5])
        if not reviews:
            continue
        answering = [r for r in reviews if questionnaire_permissions.can_answer(person, r)]
        review = answering[0] if answering else reviews[0]
        if answering and not Questionnaire.objects.filter(review=review).exists():
            questionnaire_services.start_questionnaire(review=review, by=None)
        version = DocumentVersion.objects.filter(document__review=review).order_by("pk").first()
        found.append(
            {
                "username": person.username,
                "session": session_for(person),
                "review": review.get_absolute_url(),
                "answers": reverse("questionnaires:answers", kwargs={"review_id": review.pk}),
                "save": reverse("questionnaires:save", kwargs={"review_id": review.pk}),
                "can_answer": bool(answering),
                "document": version.get_absolute_url() if version else None,
            }
        )
    return found


def main(out: str) -> None:
    started = time.monotonic()
    secretariat = Person.objects.get(username="secretariat")
    data = {
        "people": people(),
        "secretariat": {
            "session": session_for(secretariat),
            "overview": reverse("reviews:overview"),
        },
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    print(f"{len(data['people'])} signed-in people ready in {time.monotonic() - started:.1f} s")
