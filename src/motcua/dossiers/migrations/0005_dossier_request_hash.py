from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0004_no_index_where_a_composite_covers"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="request_hash",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="dấu vân tay yêu cầu"),
        ),
    ]
