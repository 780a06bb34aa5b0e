"""The example in docs/samples/transfer/ builds a package the pipeline accepts (the docs stay true)."""
import importlib.util
from pathlib import Path

import pytest

from holdings.models import Unit

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples" / "transfer"


def test_documented_example_is_accepted(agency_client, tmp_path, django_capture_on_commit_callbacks):
    spec = importlib.util.spec_from_file_location("build_package", SAMPLES / "build_package.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    package = module.build(SAMPLES / "example" / "files", SAMPLES / "example" / "archive-metadata.json",
                           tmp_path / "example.zip")
    with django_capture_on_commit_callbacks(execute=True), open(package, "rb") as fh:
        response = agency_client.post("/api/v1/transfers/", {"package": fh}, format="multipart",
                                      HTTP_IDEMPOTENCY_KEY="docs-example")
    assert response.status_code == 202
    data = agency_client.get(f"/api/v1/transfers/{response.json()['id']}/").json()
    assert data["status"] == "accessioned", data["error"]
    units = Unit.objects.filter(pk__in=data["units"]).with_codes().order_by("number")
    assert [u.reference_code for u in units] == ["F. 1101, Inv. 2, U. 1", "F. 1101, Inv. 2, U. 2"]
    assert units[0].digital_count == 2
