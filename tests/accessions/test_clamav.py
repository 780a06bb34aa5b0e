"""Virus scanning over clamd's INSTREAM protocol, against a fake clamd on a temporary unix socket."""
import pytest

from accessions.ingest import clamav
from accessions.ingest.errors import ScannerUnavailable
from holdings.models import PreservationEvent

from .factories import EICAR, PDF, build_bag
from .fake_clamd import FakeClamd

pytestmark = pytest.mark.django_db


@pytest.fixture
def clamd(tmp_path_factory, settings):
    # Unix socket paths are short (108 bytes): a fresh short folder.
    path = str(tmp_path_factory.mktemp("clam") / "clamd.sock")
    with FakeClamd(path) as fake:
        settings.CLAMD_SOCKET = path
        yield fake


def test_protocol(clamd, tmp_path):
    clean, infected = tmp_path / "clean.bin", tmp_path / "eicar.txt"
    clean.write_bytes(b"x" * 700_000)  # several chunks
    infected.write_bytes(EICAR)
    assert clamav.scan_file(clean, clamd.path).clean
    result = clamav.scan_file(infected, clamd.path)
    assert not result.clean and result.signature == "Eicar-Test-Signature"
    assert clamav.version(clamd.path).startswith("ClamAV")
    with pytest.raises(ScannerUnavailable):
        clamav.scan_file(clean, str(tmp_path / "nowhere.sock"))


def _send(client, path, capture):
    with capture(execute=True), open(path, "rb") as fh:
        response = client.post("/api/v1/transfers/", {"package": fh}, format="multipart", HTTP_IDEMPOTENCY_KEY="v1")
    return client.get(f"/api/v1/transfers/{response.json()['id']}/").json()


def test_infected_file_is_refused_by_name(clamd, agency_client, tmp_path, django_capture_on_commit_callbacks):
    data = _send(agency_client, build_bag(tmp_path, {"a.pdf": PDF, "readme.txt": EICAR}),
                 django_capture_on_commit_callbacks)
    assert data["status"] == "failed"
    assert "data/readme.txt" in data["error"] and "Eicar-Test-Signature" in data["error"]
    assert data["error_file"] == "data/readme.txt"
    event = PreservationEvent.objects.get(source=f"transfer:{data['id']}")
    assert (event.event_type, event.outcome) == ("virus_check", "failure")


def test_clean_bag_records_virus_check_events(clamd, agency_client, tmp_path, django_capture_on_commit_callbacks):
    data = _send(agency_client, build_bag(tmp_path, {"a.pdf": PDF}), django_capture_on_commit_callbacks)
    assert data["status"] == "accessioned", data["error"]
    event = PreservationEvent.objects.get(event_type="virus_check", unit_id=data["units"][0])
    assert event.outcome == "success" and event.agent.startswith("ClamAV")
    assert clamd.scans == 1


def test_unreachable_scanner_fails_safely(settings, agency_client, tmp_path, django_capture_on_commit_callbacks):
    settings.CLAMD_SOCKET = str(tmp_path / "absent.sock")
    data = _send(agency_client, build_bag(tmp_path, {"a.pdf": PDF}), django_capture_on_commit_callbacks)
    assert data["status"] == "failed" and data["units"] == []
