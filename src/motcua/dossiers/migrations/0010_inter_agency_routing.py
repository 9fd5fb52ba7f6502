# Issue 15 (Decree 118/2025 Art. 20.2): inter-agency routes, one row per participating agency.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0009_dossier_online_reception_clock"),
        ("org", "0003_applicant_change"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RouteLeg",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("route_seq", models.PositiveIntegerField(verbose_name="lần chuyển liên thông")),
                (
                    "mode",
                    models.CharField(
                        choices=[
                            ("sequential", "Tuần tự (hồ sơ giấy)"),
                            ("parallel", "Đồng thời (hồ sơ điện tử)"),
                        ],
                        max_length=16,
                        verbose_name="phương thức liên thông",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="thứ tự")),
                ("task", models.TextField(verbose_name="nội dung công việc")),
                ("working_days", models.PositiveSmallIntegerField(verbose_name="thời hạn (ngày làm việc)")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="thời điểm nhận hồ sơ")),
                ("due_at", models.DateTimeField(blank=True, null=True, verbose_name="hạn hoàn thành")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="thời điểm hoàn thành")),
                ("result_note", models.TextField(blank=True, verbose_name="kết quả phần việc")),
                (
                    "slip_number",
                    models.CharField(blank=True, max_length=32, verbose_name="số phiếu chuyển xử lý"),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="route_legs",
                        to="org.agency",
                        verbose_name="cơ quan phối hợp",
                    ),
                ),
                (
                    "depends_on",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="dossiers.routeleg",
                        verbose_name="chờ kết quả của",
                    ),
                ),
                (
                    "done_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người hoàn thành",
                    ),
                ),
                (
                    "dossier",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="route_legs",
                        to="dossiers.dossier",
                    ),
                ),
                (
                    "lead_agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.agency",
                        verbose_name="cơ quan chủ trì",
                    ),
                ),
            ],
            options={
                "verbose_name": "phần việc liên thông",
                "verbose_name_plural": "phần việc liên thông",
                "ordering": ["dossier", "route_seq", "position"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("done_at__isnull", True)),
                        fields=["agency", "due_at"],
                        name="routeleg_open",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("dossier", "route_seq", "position"), name="routeleg_position"
                    ),
                    models.UniqueConstraint(
                        fields=("dossier", "route_seq", "agency"), name="routeleg_agency_once"
                    ),
                ],
            },
        ),
    ]
