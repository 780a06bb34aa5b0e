"""The periodic fixity audit: keyset batches that resume, an event per check, alerts on a changed or
missing file (row, e-mail to the archive, error log), no duplicate alert while one is open."""
import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from accessions import services
from accessions.models import FixityAlert, FixityAuditState
from accessions.tasks import fixity_audit_task
from holdings import services as holdings
from holdings.models import PreservationEvent
from tests.factories import make_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(archive_a, alice):
    _fonds, _inventory, units = make_tree(archive_a, units=5)
    return [holdings.digital_object_add(actor=alice, unit=u, file=ContentFile(f"content {n}".encode(), name=f"f{n}.txt"),
                                        role="master") for n, u in enumerate(units)]


def test_audit_finds_a_changed_and_a_missing_file(files, alice, archive_a, caplog, django_capture_on_commit_callbacks):
    changed, missing = files[1], files[3]
    with open(default_storage.path(changed.file.name), "r+b") as fh:  # bit rot on disk
        fh.write(b"X")
    default_storage.delete(missing.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.fixity_audit_run(batch_size=2)
    assert result == {"checked": 5, "problems": 2}
    alerts = {a.digital_object_id: a for a in FixityAlert.objects.all()}
    assert alerts[changed.pk].problem == "mismatch" and alerts[changed.pk].found_sha256
    assert alerts[missing.pk].problem == "missing"
    assert PreservationEvent.objects.filter(event_type="fixity_check").count() == 5
    assert PreservationEvent.objects.filter(event_type="fixity_check", outcome="failure").count() == 2
    assert {m.to[0] for m in mail.outbox} == {"alice@example.kz"}  # the archive's archivists
    assert "fixity audit" in caplog.text
    # The next run starts a new cycle; the open alerts are not raised again.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.fixity_audit_run(batch_size=2)["problems"] == 2
    assert FixityAlert.objects.count() == 2
    assert FixityAuditState.objects.get().cycle == 3  # each run finished a pass
    services.fixity_alert_resolve(actor=alice, alert=alerts[changed.pk], resolution="Restored from the copy")
    with pytest.raises(services.AccessionError):
        services.fixity_alert_resolve(actor=alice, alert=alerts[changed.pk], resolution="again")


def test_audit_resumes_where_it_stopped(files):
    assert services.fixity_audit_run(max_files=2, batch_size=10)["checked"] == 2
    state = FixityAuditState.objects.get()
    assert state.last_digital_object_id == files[1].pk
    assert services.fixity_audit_run(max_files=2, batch_size=10)["checked"] == 2
    assert FixityAuditState.objects.get().last_digital_object_id == files[3].pk
    assert fixity_audit_task.apply().get()["checked"] == 1  # the last file; the pass ends there
    state = FixityAuditState.objects.get()
    assert (state.cycle, state.last_digital_object_id, state.checked_in_cycle) == (2, 0, 0)
    assert services.fixity_audit_run(max_files=3, batch_size=10)["checked"] == 3  # a new pass from the start
    checked = list(PreservationEvent.objects.filter(event_type="fixity_check").order_by("id")
                   .values_list("digital_object_id", flat=True))
    ids = [f.pk for f in files]
    assert checked == ids + ids[:3]


def test_empty_storage_audit_is_quiet(db):
    assert services.fixity_audit_run() == {"checked": 0, "problems": 0}
