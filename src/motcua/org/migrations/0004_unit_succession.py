"""Administrative units of before 1 July 2025: a code may be unknown (left empty rather than
invented), and a unit split between several new units is flagged instead of given one successor."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0003_applicant_change"),
    ]

    operations = [
        migrations.AlterField(
            model_name="administrativeunit",
            name="code",
            field=models.CharField(
                blank=True,
                help_text="mã thống kê chính thức; để trống khi chưa xác minh được trong nguồn chính thức",
                max_length=16,
                null=True,
                verbose_name="mã đơn vị",
            ),
        ),
        migrations.AddField(
            model_name="administrativeunit",
            name="succession_unconfirmed",
            field=models.BooleanField(
                default=False,
                help_text="đơn vị đã chấm dứt nhưng không ghi được một đơn vị kế thừa duy nhất "
                "(chia cho nhiều đơn vị mới, hoặc chưa đọc được trong nghị quyết)",
                verbose_name="kế thừa chưa xác nhận",
            ),
        ),
        migrations.AddField(
            model_name="administrativeunit",
            name="succession_note",
            field=models.TextField(blank=True, verbose_name="ghi chú sắp xếp"),
        ),
    ]
