"""The French texts of the generated definitions get their non-breaking spaces (issue 16): a
colon takes U+00A0 before it, a question mark U+202F, in the stored titles and standard
questions of every definition, published or not; only these exact generated texts change, so
nothing a working group wrote is touched."""

from typing import Any

from django.db import migrations

_QUESTIONS = {
    "Votre législation nationale met-elle en œuvre cette disposition ?",
    "Quelles difficultés rencontrez-vous dans la mise en œuvre de cette disposition ?",
    "Avez-vous besoin d'une assistance technique pour mettre en œuvre cette disposition ?",
    "De quel type d'assistance technique avez-vous besoin ?",
}
_TITLE_START = "Questionnaire d'auto-évaluation : "


def _fixed(text: str) -> str:
    if text in _QUESTIONS:
        return text.removesuffix(" ?") + "\u202f?"
    if text.startswith(_TITLE_START):
        return "Questionnaire d’auto-évaluation\u00a0: " + text.removeprefix(_TITLE_START)
    return text


def _walk(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _fixed(item) if key == "fr" and isinstance(item, str) else _walk(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_walk(item) for item in value]
    return value


def forwards(apps: Any, schema_editor: Any) -> None:
    for definition in apps.get_model("questionnaires", "QuestionnaireDefinition").objects.all():
        content = _walk(definition.content)
        if content != definition.content:
            definition.content = content
            definition.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
