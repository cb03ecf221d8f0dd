"""The environment is read by typed helpers that fail loudly on bad values (configuration.md)."""

from __future__ import annotations

import pytest

from revmech.site.env import ConfigurationError, env_bool, env_int, env_list, env_required, env_str


def test_unset_and_empty_values_take_the_default() -> None:
    assert env_str("X", "d", environ={}) == "d"
    assert env_str("X", "d", environ={"X": "  "}) == "d"
    assert env_int("X", 7, environ={}) == 7
    assert env_list("X", ["a"], environ={}) == ["a"]


@pytest.mark.parametrize(
    ("raw", "value"), [("true", True), ("ON", True), ("0", False), ("no", False)]
)
def test_yes_no_values(raw: str, value: bool) -> None:
    assert env_bool("DEBUG", False, environ={"DEBUG": raw}) is value


def test_a_bad_yes_no_value_names_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="DEBUG='maybe' is not a yes/no value"):
        env_bool("DEBUG", False, environ={"DEBUG": "maybe"})


def test_a_bad_number_names_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="EMAIL_PORT='twenty' is not a whole number"):
        env_int("EMAIL_PORT", 25, environ={"EMAIL_PORT": "twenty"})
    with pytest.raises(ConfigurationError, match="below the minimum"):
        env_int("EMAIL_PORT", 25, minimum=1, environ={"EMAIL_PORT": "0"})


def test_a_list_with_an_empty_item_is_refused() -> None:
    assert env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": "a.org, b.org"}) == [
        "a.org",
        "b.org",
    ]
    with pytest.raises(ConfigurationError, match="empty item"):
        env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": "a.org,,b.org"})


def test_a_required_value_must_be_set() -> None:
    with pytest.raises(ConfigurationError, match="SECRET_KEY must be set"):
        env_required("SECRET_KEY", environ={})
