"""Every change record names its archive, so an archive's recent changes are one index away."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    """Existing records take their archive from the unit, inventory or fonds they describe."""
    ChangeRecord = apps.get_model("holdings", "ChangeRecord")
    for model_name, field in (("Unit", "unit"), ("Inventory", "inventory"), ("Fonds", "fonds")):
        model = apps.get_model("holdings", model_name)
        ChangeRecord.objects.filter(archive__isnull=True, **{f"{field}__isnull": False}).update(
            archive_id=Subquery(model.objects.filter(pk=OuterRef(f"{field}_id")).values("archive_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('holdings', '0003_preservation_event'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='changerecord',
            name='archive',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='holdings.archive'),
        ),
        migrations.AddIndex(
            model_name='changerecord',
            index=models.Index(fields=['archive', '-at'], name='holdings_change_archive'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
