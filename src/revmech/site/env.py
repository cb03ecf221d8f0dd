"""Typed readers of the environment for the settings; each fails loudly on a bad value."""

from __future__ import annotations

import os
from collections.abc import Mapping


class ConfigurationError(RuntimeError):
    """An environment variable holds a value the platform cannot use."""


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    value = (os.environ if environ is None else environ).get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> str:
    """A text value, or `default` when the variable is unset or empty."""
    value = _raw(name, environ)
    return default if value is None else value


def env_required(name: str, *, environ: Mapping[str, str] | None = None) -> str:
    """A text value that must be set."""
    value = _raw(name, environ)
    if value is None:
        raise ConfigurationError(f"{name} must be set (see docs/configuration.md).")
    return value


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    """A yes/no value: 1, true, yes, on or 0, false, no, off (any case)."""
    value = _raw(name, environ)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ConfigurationError(f"{name}={value!r} is not a yes/no value (use true or false).")


def env_int(
    name: str, default: int, *, minimum: int | None = None, environ: Mapping[str, str] | None = None
) -> int:
    """A whole number, at least `minimum` when given."""
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ConfigurationError(f"{name}={number} is below the minimum of {minimum}.")
    return number


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    """A comma-separated list; empty items are refused."""
    value = _raw(name, environ)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ConfigurationError(f"{name}={value!r} has an empty item between commas.")
    return items
