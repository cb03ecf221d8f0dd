"""The fixture of the civil-society tests (see `civil_society_world`)."""

from __future__ import annotations

from typing import Any

import pytest

from civil_society_world import World, make_world
from revmech.accounts.models import Person


@pytest.fixture
def world(personas: dict[str, Person], settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = tmp_path
    return make_world(personas)
