"""Public pages of the registry: instruments, clusters and workplan, States (no sign-in needed)."""

from __future__ import annotations

import json
from itertools import pairwise

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from revmech.registry import models, permissions, selectors, services
from revmech.registry.forms import ConfirmParticipationForm, RulebookVersionForm
from revmech.registry.rulebooks import Rulebooks, describe, event_name
from revmech.rules import RuleViolation
from revmech.rules.rulebook import Rulebook, version_to_json
from revmech.rules.rulebook import diff as rule_diff


@login_not_required
@require_GET
def instrument_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "registry/instrument_list.html", {"instruments": selectors.instruments()}
    )


@login_not_required
@require_GET
def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    instrument = get_object_or_404(models.Instrument, code=code)
    entries = models.ClusterArticle.objects.filter(article__instrument=instrument).select_related(
        "cluster__cluster_set", "article"
    )
    clusters_of: dict[int, list[models.ClusterArticle]] = {}
    for entry in entries:
        clusters_of.setdefault(entry.article_id, []).append(entry)
    articles = [
        {"article": article, "clusters": clusters_of.get(article.pk, [])}
        for article in instrument.articles.all()
    ]
    parties = instrument.participations.filter(status=models.TreatyStatus.PARTY).count()
    return render(
        request,
        "registry/instrument_detail.html",
        {"instrument": instrument, "articles": articles, "parties": parties},
    )


@login_not_required
@require_GET
def cluster_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/cluster_list.html",
        {"cluster_sets": selectors.cluster_sets(), "instruments": selectors.instruments()},
    )


@login_not_required
@require_GET
def state_list(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("regional_group", "")
    instrument = request.GET.get("instrument", "")
    status = request.GET.get("status", "")
    if group not in models.RegionalGroup.values:
        group = ""
    instruments = list(models.Instrument.objects.order_by("position"))
    if instrument not in {i.code for i in instruments}:
        instrument = ""
    if status not in {"party", "signatory", "none", "unverified"}:
        status = ""
    states = selectors.states(regional_group=group, instrument=instrument, status=status)
    return render(
        request,
        "registry/state_list.html",
        {
            "states": states,
            "instruments": instruments,
            "regional_groups": models.RegionalGroup.choices,
            "selected": {"regional_group": group, "instrument": instrument, "status": status},
        },
    )


@login_not_required
@require_GET
def state_detail(request: HttpRequest, code: str) -> HttpResponse:
    state = get_object_or_404(selectors.states(), code=code.upper())
    return render(request, "registry/state_detail.html", {"state": state})


def _secretariat_only(request: HttpRequest) -> None:
    if not permissions.can_confirm_status(request.user):
        raise Http404


@require_GET
def to_confirm(request: HttpRequest) -> HttpResponse:
    """Every treaty status the reference data leaves unverified, for the secretariat."""
    _secretariat_only(request)
    return render(
        request,
        "registry/to_confirm.html",
        {
            "participations": selectors.unverified_participations(),
            "form": ConfirmParticipationForm(),
        },
    )


@require_POST
def confirm(request: HttpRequest, participation_id: int) -> HttpResponse:
    _secretariat_only(request)
    participation = get_object_or_404(models.Participation, pk=participation_id)
    form = ConfirmParticipationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("registry:to_confirm")
    try:
        services.confirm_participation(
            participation=participation,
            changed_by=request.user.get_username(),
            **form.cleaned_data,
        )
    except services.StatusError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("%(state)s, %(instrument)s: recorded.")
            % {"state": participation.state, "instrument": participation.instrument},
        )
    return redirect("registry:to_confirm")


# The rulebook (P&R para 6): public to read, as the procedures are; the secretariat adds versions.


def _changes(older: Rulebook, newer: Rulebook) -> list[tuple[str, str, str]]:
    """(rule, old number, new number) for every rule that differs, said in the active language."""
    return [
        (name, describe(older.rules.get(name)), describe(newer.rules.get(name)))
        for name, _before, _after in rule_diff(older, newer)
    ]


def _rulebook_page(request: HttpRequest, form: RulebookVersionForm | None = None) -> HttpResponse:
    books = Rulebooks()
    versions = books.all()
    today = timezone.localdate()
    current = books.in_force(today)
    changes = [(older, newer, _changes(older, newer)) for older, newer in pairwise(versions)]
    rows = [
        (name, describe(rule), rule.paragraph, event_name(rule.starts))
        for name, rule in current.rules.items()
    ]
    if form is None and permissions.can_add_rulebook_version(request.user):
        rules = version_to_json(current)["rules"]
        form = RulebookVersionForm(
            initial={"rules": json.dumps(rules, indent=2, ensure_ascii=False)}
        )
    context = {
        "versions": versions,
        "current": current,
        "rows": rows,
        "changes": changes,
        "form": form,
        "today": today,
    }
    return render(request, "registry/rulebook.html", context)


@login_not_required
@require_GET
def rulebook(request: HttpRequest) -> HttpResponse:
    return _rulebook_page(request)


@require_POST
def add_rulebook_version(request: HttpRequest) -> HttpResponse:
    if not permissions.can_add_rulebook_version(request.user):
        raise Http404
    form = RulebookVersionForm(request.POST)
    if not form.is_valid():
        return _rulebook_page(request, form)
    data = form.cleaned_data
    try:
        services.add_rulebook_version(
            version={"code": data["code"], "source": data["source"], "rules": data["rules"]},
            effective_on=data["effective_on"],
            by=request.user,
            today=timezone.localdate(),
            request=request,
        )
    except RuleViolation as refusal:
        form.add_error(None, refusal.message)
        return _rulebook_page(request, form)
    messages.success(request, _("The version is kept; it governs events from its day."))
    return redirect("registry:rulebook")
