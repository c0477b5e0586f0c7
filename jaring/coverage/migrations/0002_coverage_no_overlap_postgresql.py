"""PostgreSQL only: the live coverages of one worker never share a month (exclusion constraint over months).

On SQLite both operations are no-ops; there the allocation services serialise and check before writing.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

LIVE = "('proposed', 'approved', 'sent', 'active', 'ended')"

ADD = f"""
ALTER TABLE coverage_coverage ADD CONSTRAINT coverage_no_overlap EXCLUDE USING gist (
    worker_id WITH =,
    daterange(first_month, (last_month + interval '1 month')::date, '[)') WITH &&
) WHERE (status IN {LIVE})
"""
DROP = "ALTER TABLE coverage_coverage DROP CONSTRAINT IF EXISTS coverage_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("coverage", "0001_rules_screenings_allocations_coverages")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraint, drop_constraint),
    ]
