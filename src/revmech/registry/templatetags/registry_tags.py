"""Template helpers of the registry: a participation status and a cluster's articles."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from revmech.registry import models

register = template.Library()


@register.simple_tag
def participation_status(participation: models.Participation) -> SafeString:
    """A status; an unverified one reads "to be confirmed", never "none"."""
    if not participation.is_verified:
        return format_html('<span class="status-unverified">{}</span>', gettext("To be confirmed"))
    return format_html(
        '<span class="status-{}">{}</span>',
        participation.status,
        participation.get_status_display(),
    )


@register.simple_tag
def cluster_articles(cluster: models.Cluster, instrument: models.Instrument) -> str:
    labels = [e.label for e in cluster.entries.all() if e.article.instrument_id == instrument.pk]
    return ", ".join(labels) if labels else "—"
