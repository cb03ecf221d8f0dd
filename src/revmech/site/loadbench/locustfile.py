"""The deadline week against `revmech serve` (loopback only): focal points and experts opening
their home, their review, a questionnaire section, saving answers and downloading documents;
the public reading; the secretariat's overview; and a bare Django view for comparison.

Read by Locust from `revmech.site.loadbench`; the people come from BENCH_PEOPLE (a JSON file).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from typing import Any

from locust import HttpUser, between, task

with open(os.environ["BENCH_PEOPLE"], encoding="utf-8") as _handle:
    DATA: dict[str, Any] = json.load(_handle)
_NEXT = itertools.count()
_LOCK = threading.Lock()
STATES = ["FRA", "KEN", "BRA", "JPN", "EGY", "DEU", "MEX", "IND", "NGA", "CAN"]
TEXTAREA = re.compile(r'<textarea[^>]*name="answer:([^"]+)"')
VERSION = 'name="version:{key}" value="(\\d+)"'
SECTION = re.compile(r'name="section" value="([^"]+)"')
WAIT = between(0.5, 2.0)


def _person() -> dict[str, Any]:
    with _LOCK:
        return dict(DATA["people"][next(_NEXT) % len(DATA["people"])])


class BareView(HttpUser):
    """The same server's bare Django view, through every middleware: the yardstick."""

    weight = 2
    wait_time = WAIT

    @task
    def bare(self) -> None:
        self.client.get("/bench/bare/", name="bare view")


class PublicReader(HttpUser):
    weight = 4
    wait_time = WAIT

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="public: home")

    @task(2)
    def states(self) -> None:
        self.client.get("/states/", name="public: States list")

    @task(2)
    def state(self) -> None:
        self.client.get(f"/states/{random.choice(STATES)}/", name="public: a State")  # noqa: S311

    @task(2)
    def api_states(self) -> None:
        self.client.get("/api/states/", name="public: /api/states/")

    @task(1)
    def summaries(self) -> None:
        self.client.get("/reports/summaries/", name="public: summaries")


class Expert(HttpUser):
    """A focal point or expert of a State in a review, signed in."""

    weight = 12
    wait_time = WAIT

    def on_start(self) -> None:
        self.person = _person()
        self.client.cookies.set("sessionid", self.person["session"])
        self.client.get("/", name="signed in: home")  # sets the form token cookie

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="signed in: home")

    @task(3)
    def review(self) -> None:
        self.client.get(self.person["review"], name="signed in: review page")

    @task(3)
    def section(self) -> None:
        self.client.get(self.person["answers"], name="signed in: questionnaire section")

    @task(2)
    def document(self) -> None:
        if self.person["document"]:
            self.client.get(self.person["document"], name="signed in: document download")

    @task(2)
    def save(self) -> None:
        if not self.person["can_answer"]:
            return
        page = self.client.get(self.person["answers"], name="signed in: questionnaire section")
        keys = TEXTAREA.findall(page.text)
        section = SECTION.search(page.text)
        if not keys or section is None:
            return
        key = random.choice(keys)  # noqa: S311 - spreads the writers over the questions
        version = re.search(VERSION.format(key=re.escape(key)), page.text)
        form = {
            "section": section.group(1),
            f"answer:{key}": f"Answer written under load {random.randint(0, 10**6)}.",  # noqa: S311
            f"version:{key}": version.group(1) if version else "0",
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
        }
        with self.client.post(
            self.person["save"],
            data=form,
            headers={"Referer": self.host or ""},
            name="signed in: save answers",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # 302: saved; 200: someone saved the same answer first, both shown to merge.
            if response.status_code in (200, 302):
                response.success()
            else:
                response.failure(f"status {response.status_code}")


class Secretariat(HttpUser):
    weight = 1
    wait_time = WAIT

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", DATA["secretariat"]["session"])

    @task
    def overview(self) -> None:
        self.client.get(DATA["secretariat"]["overview"], name="secretariat: overview")
