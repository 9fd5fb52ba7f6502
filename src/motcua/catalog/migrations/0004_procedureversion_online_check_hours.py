from django.db import migrations, models


class Migration(migrations.Migration):
    """Decree 118/2025 Art. 17.2.c: the online reception time limit per procedure (issue 15 item 4)."""

    dependencies = [
        ("catalog", "0003_procedureversion_supplement_window"),
    ]

    operations = [
        migrations.AddField(
            model_name="procedureversion",
            name="online_check_hours",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="để trống: 08 giờ làm việc kể từ khi hồ sơ đến (NĐ 118/2025 Điều 17.2)",
                null=True,
                verbose_name="thời hạn xử lý hồ sơ trực tuyến chờ tiếp nhận (giờ làm việc)",
            ),
        ),
    ]
