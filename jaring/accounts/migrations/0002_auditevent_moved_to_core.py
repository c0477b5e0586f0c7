# AuditEvent now lives in core (same table, accounts_auditevent): remove it from accounts' state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("core", "0001_auditevent_moved_from_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="auditevent", name="audit_object_idx"),
                migrations.DeleteModel(name="AuditEvent"),
            ],
            database_operations=[],
        ),
    ]
