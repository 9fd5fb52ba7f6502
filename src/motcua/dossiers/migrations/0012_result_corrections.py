# Decree 118/2025 Art. 23.1: correction of a result (dossiers.corrections).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("dossiers", "0011_applicant_requests"),
        ("org", "0004_unit_succession"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ResultCorrection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("requested_at", models.DateTimeField(verbose_name="thời điểm chuyển đính chính")),
                (
                    "found_by",
                    models.CharField(
                        choices=[
                            ("applicant", "Người nộp hồ sơ phát hiện khi nhận kết quả"),
                            ("desk", "Bộ phận Một cửa phát hiện"),
                            ("agency", "Cơ quan có thẩm quyền tự phát hiện"),
                        ],
                        max_length=16,
                        verbose_name="người phát hiện sai sót",
                    ),
                ),
                ("description", models.TextField(verbose_name="nội dung sai sót")),
                ("due_at", models.DateTimeField(verbose_name="hạn chuyển lại kết quả đã đính chính")),
                (
                    "corrected_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="thời điểm đính chính"),
                ),
                ("correction_note", models.TextField(blank=True, verbose_name="nội dung đã đính chính")),
                (
                    "returned_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="thời điểm trả kết quả đã đính chính"
                    ),
                ),
                ("return_method", models.CharField(blank=True, max_length=16, verbose_name="hình thức trả")),
                ("returned_to", models.CharField(blank=True, max_length=200, verbose_name="người nhận")),
                (
                    "agency",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.agency",
                        verbose_name="cơ quan có thẩm quyền đính chính",
                    ),
                ),
                (
                    "corrected_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người đính chính",
                    ),
                ),
                (
                    "corrected_file",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="documents.dossierfile",
                        verbose_name="kết quả đã đính chính",
                    ),
                ),
                (
                    "dossier",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="corrections",
                        to="dossiers.dossier",
                        verbose_name="hồ sơ",
                    ),
                ),
                (
                    "original_file",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="documents.dossierfile",
                        verbose_name="kết quả bị sai sót",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người chuyển đính chính",
                    ),
                ),
                (
                    "returned_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người trả kết quả đã đính chính",
                    ),
                ),
            ],
            options={
                "verbose_name": "đính chính kết quả",
                "verbose_name_plural": "đính chính kết quả",
                "ordering": ["dossier", "requested_at", "id"],
                "indexes": [
                    models.Index(fields=["dossier", "requested_at"], name="correction_dossier"),
                    models.Index(fields=["agency", "requested_at"], name="correction_agency"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("returned_at__isnull", True)),
                        fields=("dossier",),
                        name="correction_one_open",
                    )
                ],
            },
        ),
    ]
