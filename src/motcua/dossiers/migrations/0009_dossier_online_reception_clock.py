from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    """Online dossiers: desk alert, 8-working-hour reception clock and its answer (issue 15 item 4)."""

    dependencies = [
        ("dossiers", "0008_competent_agency_transfer"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="desk_alerted_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="thời điểm thông báo Bộ phận Một cửa"
            ),
        ),
        migrations.AddField(
            model_name="dossier",
            name="reception_due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="hạn xử lý hồ sơ trực tuyến"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="reception_decided_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="thời điểm trả lời hồ sơ trực tuyến"
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=Q(reception_due_at__isnull=False),
                fields=["agency", "reception_due_at"],
                name="dossier_online_reception",
            ),
        ),
    ]
