import django.db.models.deletion
from django.db import migrations, models


def receiving_agency_decides(apps, schema_editor):
    # Every dossier received before this was decided where it was received.
    Dossier = apps.get_model("dossiers", "Dossier")
    Dossier.objects.filter(competent_agency__isnull=True).update(competent_agency=models.F("agency"))


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0007_dossier_regime"),
        ("org", "0003_applicant_change"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="competent_agency",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decided_dossiers",
                to="org.agency",
                verbose_name="cơ quan có thẩm quyền giải quyết",
            ),
        ),
        migrations.AddField(
            model_name="dossier",
            name="transfer_due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="hạn chuyển hồ sơ"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="transferred_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="thời điểm chuyển xử lý"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="paper_due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="hạn chuyển hồ sơ giấy"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="paper_transferred_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="thời điểm chuyển hồ sơ giấy"),
        ),
        migrations.RunPython(receiving_agency_decides, migrations.RunPython.noop, elidable=True),
    ]
