"""A process killed in the middle of confirming a draw leaves nothing half-saved: no review of
the phase, the draw still open; confirming again then creates every review (issue 17, faults).

Real processes on a database file of their own: one confirms the draw and is killed with SIGKILL
after the reviews were written, inside the transaction, before its commit.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

PREPARE = """
from datetime import date, datetime, UTC
from revmech.accounts.models import Appointment, AppointmentStatus, Person, Role
from revmech.lots import services
now = datetime.now(UTC)
person = Person.objects.create_user("secretariat", "secretariat@example.org", None)
Appointment.objects.create(person=person, role=Role.SECRETARIAT,
    status=AppointmentStatus.APPROVED, nominated_at=now, approved_at=now)
draw = services.open_draw(phase=1, title="Killed", held_on=date(2026, 6, 15),
    seed="a seed for the killed confirmation", opened_by=person)
draw = services.act(draw=draw, action="years", acted_by=person)
services.act(draw=draw, action="all", acted_by=person)
"""

CONFIRM = """
import time
from datetime import datetime, UTC
from pathlib import Path
from revmech.accounts.models import Person
from revmech.lots import services
from revmech.lots.models import Draw
from revmech.reviews import services as review_services
real = review_services.create_reviews_from_assignment
def written_then_stuck(**kwargs):
    real(**kwargs)
    Path(MARK).write_text("reviews written, not committed")
    time.sleep(300)
if STUCK:
    review_services.create_reviews_from_assignment = written_then_stuck
services.confirm_draw(draw=Draw.objects.get(phase=1), now=datetime.now(UTC),
    confirmed_by=Person.objects.get(username="secretariat"))
"""


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REVMECH_"))
    }
    env.update(
        REVMECH_MODE="test",
        DJANGO_SETTINGS_MODULE="revmech.site.settings",
        REVMECH_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PYTHONPATH=os.pathsep.join(sys.path),
    )
    for args in (["migrate", "--noinput"], ["load-reference"], ["shell", "-c", PREPARE]):
        subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "-m", "revmech.site.cli", *args],
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return env


def _confirm(env: dict[str, str], mark: Path, *, stuck: bool) -> subprocess.Popen[bytes]:
    code = f"MARK = {str(mark)!r}\nSTUCK = {stuck!r}\n{CONFIRM}"
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "revmech.site.cli", "shell", "-c", code],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _state(database: Path) -> tuple[str, int]:
    with sqlite3.connect(database) as db:
        (status,) = db.execute("SELECT status FROM lots_draw WHERE phase = 1").fetchone()
        (reviews,) = db.execute("SELECT count(*) FROM reviews_countryreview").fetchone()
    return str(status), int(reviews)


def test_a_confirmation_killed_mid_way_leaves_nothing_half_saved(
    environment: dict[str, str], tmp_path: Path
) -> None:
    database, mark = tmp_path / "db.sqlite3", tmp_path / "mark"
    process = _confirm(environment, mark, stuck=True)
    try:
        deadline = time.monotonic() + 120
        while not mark.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        assert mark.exists(), "the confirmation never reached the reviews"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    assert _state(database) == ("open", 0)  # nothing of the killed confirmation remains

    again = _confirm(environment, mark, stuck=False)
    assert again.wait(120) == 0
    status, reviews = _state(database)
    assert status == "confirmed"
    assert reviews > 100  # every review of the phase, at once
