"""Encrypt the second-factor secrets stored before they were encrypted at rest."""

from django.db import migrations


def encrypt_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    from revmech.accounts.secrets_at_rest import PREFIX, reencrypt_data

    authenticator = apps.get_model("mfa", "Authenticator")
    for row in authenticator.objects.all().iterator():
        data = dict(row.data)
        plain = [v for v in data.values() if isinstance(v, str) and not v.startswith(PREFIX)]
        if plain and reencrypt_data(row.type, data):
            row.data = data
            row.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_appointment_activationlink_expertprofile_and_more"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_existing, migrations.RunPython.noop)]
