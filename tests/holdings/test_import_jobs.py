"""Import jobs: the back-office pages (upload, check report, confirm, progress) and the import API;
who may import where; the job state machine."""
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from holdings import import_jobs
from holdings.choices import ImportStatus
from holdings.models import Fonds, ImportJob, Unit

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "docs" / "samples" / "inventory_import.csv"
BAD = ("fonds_number,fonds_title,inventory_number,inventory_title,unit_number,title,date_start\n"
       "5,Облисполком,1,Опись,1,Приказы,1941-02-30\n5,,1,,2,,\n").encode()


def upload(content: bytes = None, name: str = "inventory.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else SAMPLE.read_bytes(), content_type="text/csv")


def test_archivist_uploads_checks_and_confirms(archive_a, alice, web_client, django_capture_on_commit_callbacks):
    client = web_client(alice)
    page = client.get(reverse("holdings:import_list"))
    assert page.status_code == 200 and "fonds_number" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("holdings:import_list"), {"archive": archive_a.pk, "file": upload()})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("holdings:import_detail", args=[job.pk])
    assert job.status == ImportStatus.CHECKED and job.rows_total == 10 and job.created_by == alice
    detail = client.get(response.url).content.decode()
    assert 'data-testid="import-confirm"' in detail and "701" in detail
    assert not Unit.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("holdings:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.units_created == 10 and job.fonds_created == 2
    assert Unit.objects.filter(archive=archive_a).count() == 10
    assert 'data-testid="import-done"' in client.get(response.url).content.decode()
    # a second confirm is refused with a message, nothing loads twice
    client.post(reverse("holdings:import_confirm", args=[job.pk]))
    assert Unit.objects.count() == 10


def test_file_with_errors_shows_rows_and_cannot_be_loaded(archive_a, alice, web_client,
                                                         django_capture_on_commit_callbacks):
    client = web_client(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("holdings:import_list"), {"archive": archive_a.pk, "file": upload(BAD)})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INVALID and job.report["error_count"] == 2
    page = client.get(reverse("holdings:import_detail", args=[job.pk])).content.decode()
    assert 'data-testid="import-errors"' in page and "1941-02-30" in page
    assert 'data-testid="import-confirm"' not in page
    client.post(reverse("holdings:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID and not Unit.objects.exists() and not Fonds.objects.exists()


def test_running_job_page_refreshes_itself(archive_a, alice, web_client):
    job = import_jobs.import_job_create(actor=alice, archive=archive_a, upload=upload())  # on_commit not run
    page = web_client(alice).get(reverse("holdings:import_detail", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and 'data-testid="import-progress"' in page


def test_who_may_import(archive_a, archive_b, alice, bob, rita, carol, web_client):
    job = import_jobs.import_job_create(actor=alice, archive=archive_a, upload=upload())
    assert web_client(None).get(reverse("holdings:import_list")).status_code == 302
    assert web_client(carol).get(reverse("holdings:import_list")).status_code == 403
    assert web_client(rita).get(reverse("holdings:import_list")).status_code == 403  # reading-room staff
    assert web_client(bob).get(reverse("holdings:import_detail", args=[job.pk])).status_code == 404
    assert web_client(bob).post(reverse("holdings:import_confirm", args=[job.pk])).status_code == 404
    # bob cannot choose archive A in the form
    response = web_client(bob).post(reverse("holdings:import_list"), {"archive": archive_a.pk, "file": upload()})
    assert response.status_code == 400 and ImportJob.objects.count() == 1
    with pytest.raises(import_jobs.ImportJobError):
        import_jobs.import_job_create(actor=bob, archive=archive_a, upload=upload())


def test_wrong_file_type_is_refused(archive_a, alice, web_client):
    response = web_client(alice).post(reverse("holdings:import_list"),
                                      {"archive": archive_a.pk, "file": upload(b"x", name="notes.txt")})
    assert response.status_code == 400 and not ImportJob.objects.exists()


def test_sample_download(alice, web_client):
    response = web_client(alice).get(reverse("holdings:import_sample"))
    assert response.status_code == 200 and b"".join(response.streaming_content) == SAMPLE.read_bytes()


def test_pages_query_counts(archive_a, alice, web_client, django_assert_max_num_queries):
    for _ in range(3):
        import_jobs.import_job_create(actor=alice, archive=archive_a, upload=upload())
    client = web_client(alice)
    job = ImportJob.objects.first()
    client.get(reverse("holdings:import_list"))  # warm the session
    with django_assert_max_num_queries(12) as captured:
        assert client.get(reverse("holdings:import_list")).status_code == 200
    list_queries = len(captured)
    for _ in range(3):
        import_jobs.import_job_create(actor=alice, archive=archive_a, upload=upload())
    with django_assert_max_num_queries(list_queries):  # more jobs, the same queries
        client.get(reverse("holdings:import_list"))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("holdings:import_detail", args=[job.pk])).status_code == 200


def test_state_machine_refuses_skipping_the_check(archive_a, alice):
    job = import_jobs.import_job_create(actor=alice, archive=archive_a, upload=upload())
    with pytest.raises(import_jobs.ImportJobError):
        import_jobs.import_job_confirm(actor=alice, job=job)  # still only uploaded


# ---------------------------------------------------------------- the API
def test_api_upload_check_confirm(archive_a, alice, api_client, django_capture_on_commit_callbacks):
    client = api_client(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/imports/", {"archive": "A", "file": upload()}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "uploaded" and body["archive_code"] == "A"
    job_url = f"/api/v1/imports/{body['id']}/"
    body = client.get(job_url).json()
    assert body["status"] == "checked" and body["report"]["rows"] == 10 and body["report"]["fonds_new"] == ["701", "702"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{job_url}confirm/")
    assert response.status_code == 202
    body = client.get(job_url).json()
    assert body["status"] == "done" and body["units_created"] == 10
    assert client.post(f"{job_url}confirm/").status_code == 409
    assert [j["id"] for j in client.get("/api/v1/imports/").json()["results"]] == [body["id"]]


def test_api_upload_with_confirm_loads_a_clean_file(archive_a, alice, api_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        body = api_client(alice).post("/api/v1/imports/", {"archive": archive_a.pk, "file": upload(), "confirm": True},
                                      format="multipart").json()
    assert ImportJob.objects.get(pk=body["id"]).status == ImportStatus.DONE
    assert Unit.objects.count() == 10


def test_api_report_messages_and_refusals(archive_a, alice, bob, carol, api_client,
                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        body = api_client(alice).post("/api/v1/imports/", {"archive": "A", "file": upload(BAD)},
                                      format="multipart").json()
    job = api_client(alice).get(f"/api/v1/imports/{body['id']}/").json()
    assert job["status"] == "invalid"
    assert [(e["row"], e["column"]) for e in job["report"]["errors"]] == [(2, "date_start"), (3, "title")]
    assert all(e["message"] for e in job["report"]["errors"])
    assert api_client(bob).get(f"/api/v1/imports/{body['id']}/").status_code == 404
    assert api_client(bob).post("/api/v1/imports/", {"archive": "A", "file": upload()},
                                format="multipart").status_code == 404
    assert api_client(carol).get("/api/v1/imports/").json()["results"] == []
    assert api_client(None).get("/api/v1/imports/").status_code in (401, 403)
    assert api_client(alice).post("/api/v1/imports/", {"archive": "A", "file": upload(b"x", "a.pdf")},
                                  format="multipart").status_code == 400
