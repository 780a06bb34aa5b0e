"""The S3 path of storage, against an S3-compatible server (moto) started on loopback by the test."""
import importlib.util

import pytest
from django.core.files.base import ContentFile

from .conftest import free_port

BUCKET = "archive-test"


@pytest.fixture(scope="module")
def s3_server():
    """A moto S3 server on 127.0.0.1 with one empty bucket; yields its endpoint URL."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="test-key",
                          aws_secret_access_key="test-secret", region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    try:
        yield endpoint
    finally:
        server.stop()


@pytest.fixture
def s3_settings_module(s3_server, monkeypatch):
    """archive_site/settings.py evaluated afresh with the S3 variables set, as production reads them."""
    for key, value in {"S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": s3_server, "S3_ACCESS_KEY_ID": "test-key",
                       "S3_SECRET_ACCESS_KEY": "test-secret", "S3_REGION": "us-east-1"}.items():
        monkeypatch.setenv(key, value)
    spec = importlib.util.find_spec("archive_site.settings")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_settings_build_an_s3_storage(s3_settings_module, s3_server):
    default = s3_settings_module.STORAGES["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == BUCKET
    assert default["OPTIONS"]["endpoint_url"] == s3_server


def test_save_open_and_delete_through_s3(s3_settings_module):
    from storages.backends.s3 import S3Storage

    storage = S3Storage(**s3_settings_module.STORAGES["default"]["OPTIONS"])
    name = storage.save("scans/fonds-1/unit-1.txt", ContentFile("Іс № 1".encode()))
    assert name == "scans/fonds-1/unit-1.txt"
    assert storage.exists(name)
    assert storage.size(name) == len("Іс № 1".encode())
    with storage.open(name) as fh:
        assert fh.read().decode() == "Іс № 1"
    # file_overwrite is off: a second file with the same name gets a new name, never replaces the first.
    other = storage.save("scans/fonds-1/unit-1.txt", ContentFile(b"second"))
    assert other != name
    url = storage.url(name)
    assert url.startswith(s3_settings_module.STORAGES["default"]["OPTIONS"]["endpoint_url"])
    assert "Signature" in url or "X-Amz-Signature" in url  # private objects: signed links only
    storage.delete(name)
    storage.delete(other)
    assert not storage.exists(name)


@pytest.mark.django_db
def test_healthz_storage_on_s3(client, settings, s3_settings_module):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.STORAGES = {**settings.STORAGES, "default": s3_settings_module.STORAGES["default"]}
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["storage"] == "ok"


@pytest.mark.django_db
def test_healthz_reports_a_missing_bucket(client, settings, s3_settings_module, caplog):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    default = s3_settings_module.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {
        **default, "OPTIONS": {**default["OPTIONS"], "bucket_name": "no-such-bucket"}}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["storage"] == "down"
    assert "NoSuchBucket" in caplog.text


@pytest.mark.django_db
def test_healthz_reports_an_object_store_that_is_down(client, settings, s3_settings_module, caplog):
    import time

    settings.CELERY_TASK_ALWAYS_EAGER = True
    default = s3_settings_module.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {
        **default, "OPTIONS": {**default["OPTIONS"], "endpoint_url": f"http://127.0.0.1:{free_port()}"}}}
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 15  # botocore's few retries, not a hang
    assert response.status_code == 503
    data = response.json()
    assert data["storage"] == "down"
    assert "storage is down: EndpointConnectionError" in caplog.text
    assert (data["database"], data["broker"], data["status"]) == ("ok", "eager", "down")
