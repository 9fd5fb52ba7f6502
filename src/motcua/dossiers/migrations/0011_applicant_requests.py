# Decree 118/2025 Art. 21.3: a dossier whose content the applicant adjusted waits for a re-check.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0010_inter_agency_routing"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="amended_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="thời điểm điều chỉnh nội dung (chờ kiểm tra)"
            ),
        ),
    ]
