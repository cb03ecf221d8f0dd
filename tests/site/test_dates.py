"""One date style (issue 16): pages, mail and documents write a day or a moment only through
`web.dates` (`|day`, `|moment`, `|time_of_day`), in the active language's style; machine formats
stay ISO 8601 where a machine reads them (`<time datetime>`, a date field's value, CSV, JSON,
iCalendar, the audit trail).
"""

from __future__ import annotations

import ast
import re
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

import revmech
from revmech.rules import RuleViolation
from revmech.web import dates, refusals

SOURCE = Path(revmech.__file__).parent
HELPER = SOURCE / "web" / "dates.py"

# Where a machine reads the date: the ISO form in an attribute, nothing else.
MACHINE_IN_TEMPLATE = re.compile(
    r"""(datetime|value)="\{\{\s*[\w.]+\|date:['"](c|Y-m-d)['"]\s*\}\}\""""
)
OTHER_FORMAT_IN_TEMPLATE = re.compile(r"\|\s*(date|time|naturalday|naturaltime)\b")
# A variable named as a day or a moment (STYLE.md: dates end in `_on`, datetimes in `_at`),
# printed or handed to a sentence without one of the filters.
DAY_VARIABLE = re.compile(
    r"(?:\{\{\s*|\bwith\s+(?:\w+=\S+\s+)*\w+=|\s\w+=)"
    r"(?P<expr>[\w.]+(?:_on|_at)(?:\|[\w:\"']+)*)(?=[\s}%])"
)
READABLE_FILTERS = ("|day", "|moment", "|time_of_day")
NOT_DATES = {"based_on", "waiting_on"}  # the version a text is based on; who a task waits on

# Modules that write a date for a machine or an operator, never for a reader of a page.
MACHINE_MODULES = {"site/backup.py"}
FORMATTERS_IN_PYTHON = re.compile(
    r"\.strftime\(|\bformats\.(date_format|time_format)\(|\bfrom babel\.dates\b"
)
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "ngettext", "gettext_noop"}


def _templates() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("templates/**/*") if p.is_file())


def _template_slips(line: str) -> list[str]:
    rest = MACHINE_IN_TEMPLATE.sub("", line)
    found = [m.group(0) for m in OTHER_FORMAT_IN_TEMPLATE.finditer(rest)]
    for match in DAY_VARIABLE.finditer(rest):
        expr = match.group("expr")
        name = expr.split("|")[0]
        if name.split(".")[-1] in NOT_DATES or any(f in expr for f in READABLE_FILTERS):
            continue
        if "." not in name and re.search(rf"\s{name}=\S+\|(day|moment)\b", rest):
            continue  # a sentence's placeholder, given its value with a filter on the line
        found.append(expr)
    return found


def test_there_are_templates_to_check() -> None:
    assert len([p for p in _templates() if p.suffix == ".html"]) > 20
    assert any(p.suffix == ".txt" for p in _templates())


def test_every_template_writes_dates_through_the_one_helper() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{number}: {slip}"
        for path in _templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for slip in _template_slips(line)
    ]
    assert found == [], "write a date with |day, |moment or |time_of_day:\n" + "\n".join(found)


def test_the_template_sweep_would_see_a_slip() -> None:
    assert _template_slips('<td>{{ draw.held_on|date:"DATE_FORMAT" }}</td>')
    assert _template_slips('<td>{{ draw.held_on|date:"j F Y" }}</td>')
    assert _template_slips("<td>{{ briefing.starts_at|time }}</td>")
    assert _template_slips("<li>{{ c.held_on }}: {{ c.participants }}</li>")
    assert _template_slips("{% blocktranslate with when=outcome.sent_at %}on {{ when }}{% end")
    assert _template_slips("{% blocktranslate with who=x.name when=v.saved_at %}{{ when }}")
    assert not _template_slips("<td>{{ draw.held_on|day }}</td>")
    assert not _template_slips('<td>{{ p.deposited_on|day|default:"—" }}</td>')
    assert not _template_slips("{% blocktranslate with when=v.saved_at|moment %}{{ when }}")
    assert not _template_slips("{% blocktranslate with decided_on=o.decided_on|day %}{{ decided_on")
    assert _template_slips("{% blocktranslate %}{{ decided_on }}{% endblocktranslate %}")
    assert not _template_slips("""<time datetime="{{ entry.at|date:'c' }}">""")
    assert not _template_slips("""<input type="date" value="{{ v.starts_on|date:'Y-m-d' }}">""")


def _is_gettext(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id in GETTEXT_NAMES)
        or (isinstance(node.func, ast.Attribute) and node.func.attr in GETTEXT_NAMES)
    )


def _machine_dates_in(node: ast.AST) -> list[ast.Call]:
    return [
        call
        for call in ast.walk(node)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in ("isoformat", "strftime")
    ]


def _python_slips(source: str) -> list[int]:
    """Lines where a date written for machines goes into a sentence for people: the values of a
    translated `_("...") % {...}`, or the `params` of a sentence kept for later translation."""
    tree = ast.parse(source)
    lines = [
        number
        for number, line in enumerate(source.splitlines(), 1)
        if FORMATTERS_IN_PYTHON.search(line)
    ]
    for node in ast.walk(tree):
        values: list[ast.AST] = []
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_gettext(node.left):
            values.append(node.right)
        if isinstance(node, ast.Call):
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            if "params" in keywords and ({"template", "body", "subject"} & keywords.keys()):
                values.append(keywords["params"])
        lines += [call.lineno for value in values for call in _machine_dates_in(value)]
    return sorted(set(lines))


def _modules() -> list[Path]:
    return sorted(
        path
        for path in SOURCE.rglob("*.py")
        if path != HELPER
        and "migrations" not in path.parts
        and "commands" not in path.parts  # the operator's CLI writes ISO days on purpose
        and str(path.relative_to(SOURCE)) not in MACHINE_MODULES
    )


def test_no_module_writes_a_date_for_people_another_way() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in _modules()
        for number in _python_slips(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "write a date for people with web.dates (day, moment):\n" + "\n".join(found)


def test_the_python_sweep_would_see_a_slip() -> None:
    assert _python_slips('x = _("On %(on)s.") % {"on": on.isoformat()}\n')
    assert _python_slips('raise E(template="On %(on)s", params={"on": on.isoformat()})\n')
    assert _python_slips('when = starts_at.strftime("%Y-%m-%d")\n')
    assert _python_slips('text = formats.date_format(on, "DATE_FORMAT")\n')
    assert not _python_slips('x = _("On %(on)s.") % {"on": day(on)}\n')
    assert not _python_slips('audit.record("x", starts_at=starts_at.isoformat())\n')
    assert not _python_slips('row = [review.drawn_on.isoformat(), "x"]\n')


# -- Each language's style ------------------------------------------------------------------

DAY = date(2026, 12, 3)
MOMENT = datetime(2026, 12, 3, 14, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "3 December 2026"),
        ("fr", "3 décembre 2026"),
        ("es", "3 de diciembre de 2026"),
        ("ru", "3 декабря 2026\u202fг."),  # noqa: RUF001
        ("ar", "3 ديسمبر 2026"),
        ("zh-hans", "2026年12月3日"),
    ],
)
def test_a_day_is_written_in_each_languages_style(language: str, written: str) -> None:
    with translation.override(language):
        assert dates.day(DAY) == written
        assert Template("{{ on|day }}").render(Context({"on": DAY})) == written


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "3 December 2026, 2:05\u202fpm"),
        ("fr", "3 décembre 2026, 14:05"),
        ("zh-hans", "2026年12月3日 14:05"),
        ("ar", "3 ديسمبر 2026، 2:05 م"),
    ],
)
def test_a_moment_is_written_in_each_languages_style(language: str, written: str) -> None:
    with translation.override(language), timezone.override("UTC"):
        assert dates.moment(MOMENT) == written
        assert Template("{{ at|moment }}").render(Context({"at": MOMENT})) == written


def test_a_moment_is_written_in_the_current_time_zone() -> None:
    with translation.override("fr"), timezone.override("Asia/Tokyo"):
        assert dates.moment(MOMENT) == "3 décembre 2026, 23:05"
        assert dates.day(datetime(2026, 12, 3, 20, 0, tzinfo=UTC)) == "4 décembre 2026"
        assert dates.moment_in_zone(MOMENT) == "3 décembre 2026, 23:05 (JST)"


def test_a_time_of_day_and_nothing() -> None:
    with translation.override("fr"):
        assert dates.time_of_day(time(9, 30)) == "09:30"
        assert Template("[{{ none|day }}{{ none|moment }}]").render(Context({"none": None})) == "[]"


def test_a_refusal_of_the_rules_writes_its_days_in_the_readers_style() -> None:
    refusal = RuleViolation(
        template="Year 1 cannot start before the phase (%(starts_on)s).",
        params={"starts_on": DAY},
    )
    assert refusal.message.endswith("(2026-12-03).")  # the English log line keeps ISO
    with translation.override("en"):
        assert refusals.explain(refusal).endswith("(3 December 2026).")
