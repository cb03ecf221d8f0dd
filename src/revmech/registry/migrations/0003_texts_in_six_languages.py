"""The adopting resolution of an instrument and the source and notes of a cluster version come
in the six languages, as the other texts of the reference data (issue 16); the English texts
kept so far become the English of each (the next `load_reference` fills the other five)."""

from typing import Any

from django.db import migrations, models


def to_texts(apps: Any, schema_editor: Any) -> None:
    for instrument in apps.get_model("registry", "Instrument").objects.all():
        instrument.adopted_by_texts = {"en": instrument.adopted_by} if instrument.adopted_by else {}
        instrument.save(update_fields=["adopted_by_texts"])
    for cluster_set in apps.get_model("registry", "ClusterSet").objects.all():
        cluster_set.source_texts = {"en": cluster_set.source} if cluster_set.source else {}
        cluster_set.notes_texts = {"en": cluster_set.notes} if cluster_set.notes else {}
        cluster_set.save(update_fields=["source_texts", "notes_texts"])


def to_english(apps: Any, schema_editor: Any) -> None:
    for instrument in apps.get_model("registry", "Instrument").objects.all():
        instrument.adopted_by = instrument.adopted_by_texts.get("en", "")
        instrument.save(update_fields=["adopted_by"])
    for cluster_set in apps.get_model("registry", "ClusterSet").objects.all():
        cluster_set.source = cluster_set.source_texts.get("en", "")
        cluster_set.notes = cluster_set.notes_texts.get("en", "")
        cluster_set.save(update_fields=["source", "notes"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_rulebook_effective_on")]

    operations = [
        migrations.AddField(
            model_name="instrument",
            name="adopted_by_texts",
            field=models.JSONField(default=dict),
        ),
        migrations.AddField(
            model_name="clusterset",
            name="source_texts",
            field=models.JSONField(default=dict),
        ),
        migrations.AddField(
            model_name="clusterset",
            name="notes_texts",
            field=models.JSONField(default=dict),
        ),
        migrations.RunPython(to_texts, to_english),
        migrations.RemoveField(model_name="instrument", name="adopted_by"),
        migrations.RemoveField(model_name="clusterset", name="source"),
        migrations.RemoveField(model_name="clusterset", name="notes"),
    ]
