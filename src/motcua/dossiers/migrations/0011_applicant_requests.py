# Reserved for issue 15 (Decree 118/2025); operations are added with the models they create.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0010_inter_agency_routing"),
    ]

    operations = []
