# AuditEvent moved from accounts to core without touching the table (accounts_auditevent): state only.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="waktu")),
                        ("actor_label", models.CharField(blank=True, max_length=150, verbose_name="pelaku (teks)")),
                        ("action", models.CharField(choices=[("create", "membuat"), ("update", "mengubah"), ("delete", "menghapus"), ("transition", "mengubah status"), ("login", "masuk"), ("login_failed", "gagal masuk"), ("logout", "keluar"), ("password_change", "mengganti kata sandi"), ("view_personal", "melihat data pribadi"), ("export_personal", "mengekspor data pribadi"), ("import", "mengimpor")], max_length=20, verbose_name="tindakan")),
                        ("object_type", models.CharField(blank=True, db_index=True, max_length=100, verbose_name="jenis objek")),
                        ("object_id", models.CharField(blank=True, max_length=64, verbose_name="id objek")),
                        ("object_label", models.CharField(blank=True, max_length=255, verbose_name="objek")),
                        ("before", models.JSONField(blank=True, null=True, verbose_name="sebelum")),
                        ("after", models.JSONField(blank=True, null=True, verbose_name="sesudah")),
                        ("note", models.CharField(blank=True, max_length=500, verbose_name="catatan")),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True, verbose_name="alamat IP")),
                        ("user_agent", models.CharField(blank=True, max_length=255, verbose_name="peramban")),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="pelaku")),
                    ],
                    options={
                        "verbose_name": "catatan audit",
                        "verbose_name_plural": "catatan audit",
                        "ordering": ["-at", "-id"],
                        "db_table": "accounts_auditevent",
                        "indexes": [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
