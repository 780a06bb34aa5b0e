"""Electronic transfers end to end in eager mode: a bag built with `bagit` becomes units; bad
packages are refused with the file named and leave nothing behind."""
import hashlib
import os
import stat
import tarfile
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext

from accessions.models import Accession, AccessionUnit, Transfer, TransferFile
from holdings.models import DigitalObject, PreservationEvent, Unit

from .factories import PDF, PNG, build_bag, default_metadata, tar_with, zip_with

pytestmark = pytest.mark.django_db

URL = "/api/v1/transfers/"


def post(client, path, key="key-1", captured=None):
    with open(path, "rb") as fh:
        return client.post(URL, {"package": fh}, format="multipart", HTTP_IDEMPOTENCY_KEY=key)


def send(client, path, django_capture_on_commit_callbacks, key="key-1"):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, path, key)
    assert response.status_code == 202, response.content
    return client.get(f"{URL}{response.json()['id']}/").json()


def ru(message, **params):
    """A service message as the source (Russian letters) reads it."""
    with translation.override("ru"):
        text = gettext(message)
    return text % params if params else text


def stored_names(prefix):
    try:
        _dirs, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return []
    return files


FILES = {"letters/order-15.pdf": PDF, "photos/site.png": PNG, "notes.txt": "Примечание: қағаз".encode()}


def test_bag_becomes_units_with_files_and_events(agency_client, agency, tmp_path, archive_a,
                                                 django_capture_on_commit_callbacks):
    package = build_bag(tmp_path, FILES)
    data = send(agency_client, package, django_capture_on_commit_callbacks)
    assert data["status"] == "accessioned", data
    assert data["error"] == ""
    assert len(data["units"]) == 3
    transfer = Transfer.objects.get(pk=data["id"])
    units = Unit.objects.filter(pk__in=data["units"]).select_related("inventory__fonds")
    assert {u.archive_id for u in units} == {archive_a.pk}
    assert {u.inventory.fonds.number for u in units} == {"1"}
    assert {u.media for u in units} == {"electronic"}
    accession = Accession.objects.get(pk=transfer.accession_id)
    assert accession.status == "processed" and accession.kind == "electronic"
    assert AccessionUnit.objects.filter(accession=accession).count() == 3
    objects = DigitalObject.objects.filter(unit__in=units)
    assert objects.count() == 3
    pdf = objects.get(original_name="order-15.pdf")
    assert pdf.sha256 == hashlib.sha256(PDF).hexdigest()
    assert pdf.puid.startswith("fmt/")  # PRONOM identifier from fido
    assert pdf.file.name.startswith(f"transfers/{transfer.pk}/")
    with default_storage.open(pdf.file.name, "rb") as fh:
        assert fh.read() == PDF
    files = {f.path: f for f in TransferFile.objects.filter(transfer=transfer)}
    assert files["data/letters/order-15.pdf"].identification_method == "fido"
    assert files["data/notes.txt"].identification_method in ("none", "signature", "fido")
    events = PreservationEvent.objects.filter(digital_object=pdf)
    assert {e.event_type for e in events} == {"ingestion", "fixity_check", "format_identification", "virus_check"}
    assert events.get(event_type="virus_check").outcome == "warning"  # no clamd configured
    assert all(e.agent for e in events)
    assert [e["step"] for e in data["events"]][0] == "upload"
    assert data["events"][-1]["step"] == "accession"
    # The package is not kept once its files are units.
    assert transfer.package == ""
    assert stored_names(f"transfer-packages/{transfer.pk}") == []


@pytest.mark.parametrize("fmt,wrap", [("tar", ""), ("tar.gz", ""), ("zip", "my-bag")])
def test_tar_and_wrapped_bags_are_accepted(agency_client, tmp_path, fmt, wrap, archive_a,
                                           django_capture_on_commit_callbacks):
    package = build_bag(tmp_path, {"a.pdf": PDF}, fmt=fmt, wrap=wrap)
    data = send(agency_client, package, django_capture_on_commit_callbacks)
    assert data["status"] == "accessioned", data["error"]


def _assert_nothing_left(transfer_id):
    transfer = Transfer.objects.get(pk=transfer_id)
    assert transfer.status == "failed"
    assert transfer.accession_id is None
    assert not Unit.objects.exists()
    assert not DigitalObject.objects.exists()
    assert stored_names(f"transfers/{transfer_id}") == []
    return transfer


def test_one_changed_byte_is_refused_naming_the_file(agency_client, tmp_path, django_capture_on_commit_callbacks):
    def tamper(bag_dir):
        path = bag_dir / "data" / "letters" / "order-15.pdf"
        content = bytearray(path.read_bytes())
        content[20] ^= 0x01
        path.write_bytes(bytes(content))

    package = build_bag(tmp_path, FILES, tamper=tamper)
    data = send(agency_client, package, django_capture_on_commit_callbacks)
    assert data["status"] == "failed"
    assert "data/letters/order-15.pdf" in data["error"]
    assert data["error_file"] == "data/letters/order-15.pdf"
    assert data["units"] == []
    _assert_nothing_left(data["id"])
    failure = PreservationEvent.objects.get(source=f"transfer:{data['id']}", outcome="failure")
    assert failure.object_name == "data/letters/order-15.pdf"


def _bag_files(tmp_path, extra_entries):
    """The entries of a valid bag plus hostile ones, as (name, bytes)."""
    package = build_bag(tmp_path, {"a.pdf": PDF})
    with zipfile.ZipFile(package) as zf:
        entries = [(i.filename, zf.read(i)) for i in zf.infolist()]
    return entries + extra_entries


@pytest.mark.parametrize("name", ["../evil.txt", "data/../../evil.txt", "/etc/evil.txt", "C:/evil.txt",
                                  "data\\..\\evil.txt"])
def test_path_traversal_is_refused(agency_client, tmp_path, name, settings, django_capture_on_commit_callbacks):
    package = zip_with(_bag_files(tmp_path, [(name, b"owned")]), tmp_path / "evil.zip")
    data = send(agency_client, package, django_capture_on_commit_callbacks)
    assert data["status"] == "failed"
    assert name in data["error"]
    _assert_nothing_left(data["id"])
    assert not (tmp_path / "evil.txt").exists()
    assert not os.path.exists(os.path.join(settings.TRANSFER_WORK_DIR, "evil.txt"))


def test_symlink_in_zip_is_refused(agency_client, tmp_path, django_capture_on_commit_callbacks):
    entries = _bag_files(tmp_path, [])
    package = tmp_path / "link.zip"
    with zipfile.ZipFile(package, "w") as zf:
        for name, content in entries:
            zf.writestr(name, content)
        info = zipfile.ZipInfo("data/passwd")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    data = send(agency_client, package, django_capture_on_commit_callbacks)
    assert data["status"] == "failed" and "data/passwd" in data["error"]
    assert data["error"] == ru("%(path)s is a symbolic link; links are not allowed.", path="data/passwd")


@pytest.mark.parametrize("kind", ["symlink", "hardlink", "device", "fifo"])
def test_links_and_devices_in_tar_are_refused(agency_client, tmp_path, kind, django_capture_on_commit_callbacks):
    member = tarfile.TarInfo("data/odd")
    member.type = {"symlink": tarfile.SYMTYPE, "hardlink": tarfile.LNKTYPE, "device": tarfile.CHRTYPE,
                   "fifo": tarfile.FIFOTYPE}[kind]
    member.linkname = "/etc/passwd" if kind in ("symlink", "hardlink") else ""
    good = tarfile.TarInfo("bagit.txt")
    content = b"BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n"
    good.size = len(content)
    package = tar_with([good, member], tmp_path / "odd.tar", {"bagit.txt": content})
    data = send(agency_client, package, django_capture_on_commit_callbacks)
    assert data["status"] == "failed"
    assert "data/odd" in data["error"]
    _assert_nothing_left(data["id"])


def test_zip_bomb_is_refused_by_ratio(agency_client, tmp_path, settings, django_capture_on_commit_callbacks):
    settings.TRANSFER_RATIO_FLOOR_BYTES = 1024 * 1024
    package = zip_with(_bag_files(tmp_path, [("data/zeros.bin", b"\0" * (8 * 1024 * 1024))]), tmp_path / "bomb.zip")
    assert package.stat().st_size < 100_000
    data = send(agency_client, package, django_capture_on_commit_callbacks)
    assert data["status"] == "failed"
    assert data["error"] == ru("%(path)s expands far more than real data does: the package looks like a zip bomb "
                               "and is refused.", path="data/zeros.bin")
    _assert_nothing_left(data["id"])


def test_zip_bomb_is_refused_by_total_size(agency_client, tmp_path, settings, django_capture_on_commit_callbacks):
    package = zip_with(_bag_files(tmp_path, [("data/zeros.bin", b"\0" * (3 * 1024 * 1024))]), tmp_path / "big.zip")
    settings.TRANSFER_MAX_BYTES = 2 * 1024 * 1024
    data = send(agency_client, package, django_capture_on_commit_callbacks)
    assert data["status"] == "failed"
    assert data["error"] == ru("The package expands to more than %(size)s MB, the limit for one transfer.", size=2)


def test_lying_zip_header_is_caught_while_writing(tmp_path):
    from accessions.ingest.errors import PackageError
    from accessions.ingest.unpack import Limits, unpack

    package = zip_with([("bagit.txt", b"x" * 1000)], tmp_path / "lie.zip")
    raw = bytearray(package.read_bytes())
    # Shrink the declared size (local header and central directory) so the real data is longer.
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        pos = raw.find(sig)
        offset = 22 if sig == b"PK\x03\x04" else 24
        raw[pos + offset:pos + offset + 4] = (10).to_bytes(4, "little")
    package.write_bytes(bytes(raw))
    with pytest.raises(PackageError):
        unpack(package, tmp_path / "out", Limits(max_bytes=10**9, max_ratio=100, ratio_floor=10**6, max_members=10))


def test_package_above_limit_gets_413_and_nothing_is_kept(agency_client, tmp_path, settings):
    package = build_bag(tmp_path, {"a.pdf": PDF * 200})
    settings.TRANSFER_MAX_BYTES = 1000
    response = post(agency_client, package)
    assert response.status_code == 413
    assert response.json()["detail"]
    assert not Transfer.objects.exists()


def test_same_key_gives_the_same_transfer(agency_client, tmp_path, django_capture_on_commit_callbacks):
    package = build_bag(tmp_path, {"a.pdf": PDF})
    with django_capture_on_commit_callbacks(execute=True):
        first = post(agency_client, package, key="abc-1")
    assert first.status_code == 202
    assert set(first.json()) == {"id", "status"}
    assert first["Location"].endswith(f"/api/v1/transfers/{first.json()['id']}/")
    assert "Idempotent-Replayed" not in first
    second = post(agency_client, package, key="abc-1")
    # The first result again: a client that lost the first answer reads the replay the same way.
    assert second.status_code == 202 and second["Idempotent-Replayed"] == "true"
    assert second.json() == {"id": first.json()["id"], "status": "accessioned"}
    assert second["Location"] == first["Location"]
    assert Transfer.objects.count() == 1 and Unit.objects.count() == 1
    other = build_bag(tmp_path / "other", {"b.pdf": PDF + b"%extra"})
    conflict = post(agency_client, other, key="abc-1")
    assert conflict.status_code == 409
    assert Transfer.objects.count() == 1


def test_key_is_required(agency_client, tmp_path):
    package = build_bag(tmp_path, {"a.pdf": PDF})
    with open(package, "rb") as fh:
        response = agency_client.post(URL, {"package": fh}, format="multipart")
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["detail"]
    assert agency_client.post(URL, {}, format="multipart", HTTP_IDEMPOTENCY_KEY="k").status_code == 400


def test_another_source_sees_nothing_of_ours(agency_client, tmp_path, archive_a, archive_b,
                                            django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    from .factories import make_agency, make_source

    data = send(agency_client, build_bag(tmp_path, {"a.pdf": PDF}), django_capture_on_commit_callbacks)
    other_account, token = make_agency(make_source(archive_b, name="Other agency"), username="agency2")
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert other.get(f"{URL}{data['id']}/").status_code == 404
    assert other.get(URL).json()["results"] == []
    # The same key from another source is another transfer.
    with django_capture_on_commit_callbacks(execute=True):
        response = post(other, build_bag(tmp_path / "b", {"a.pdf": PDF}), key="key-1")
    assert response.status_code == 202 and response.json()["id"] != data["id"]


def test_staff_read_their_archive_only_and_people_cannot_send(agency_client, api_client, alice, bob, carol,
                                                               tmp_path, django_capture_on_commit_callbacks):
    data = send(agency_client, build_bag(tmp_path, {"a.pdf": PDF}), django_capture_on_commit_callbacks)
    assert api_client(alice).get(f"{URL}{data['id']}/").json()["status"] == "accessioned"
    assert api_client(bob).get(f"{URL}{data['id']}/").status_code == 404
    assert api_client(carol).get(URL).json()["results"] == []
    with open(build_bag(tmp_path / "c", {"a.pdf": PDF}), "rb") as fh:
        response = api_client(alice).post(URL, {"package": fh}, format="multipart", HTTP_IDEMPOTENCY_KEY="x")
    assert response.status_code == 403
    assert api_client(None).get(URL).status_code in (401, 403)


def test_inactive_account_cannot_send(agency, agency_client, tmp_path):
    from accessions import services

    services.agency_account_set_active(actor=None, account=agency, active=False)
    assert post(agency_client, build_bag(tmp_path, {"a.pdf": PDF})).status_code == 401


def test_missing_fonds_fails_then_retry_succeeds(agency_client, alice, tmp_path, archive_a, api_client,
                                                 django_capture_on_commit_callbacks):
    meta = default_metadata({"a.pdf": PDF}, fonds="77")
    meta.pop("fonds_title")
    data = send(agency_client, build_bag(tmp_path, {"a.pdf": PDF}, meta), django_capture_on_commit_callbacks)
    assert data["status"] == "failed"
    assert data["error"] == ru("Fonds %(number)s does not exist in the archive; add fonds_title to %(file)s to "
                               "create it.", number="77", file="archive-metadata.json")
    from tests.factories import make_fonds

    make_fonds(archive_a, number="77", title="Фонд 77")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(alice).post(f"{URL}{data['id']}/retry/")
    assert response.status_code == 202
    again = agency_client.get(f"{URL}{data['id']}/").json()
    assert again["status"] == "accessioned" and len(again["units"]) == 1
    assert any(e["step"] == "retry" for e in again["events"])
    # An accessioned transfer cannot be retried.
    assert api_client(alice).post(f"{URL}{data['id']}/retry/").status_code == 409


@pytest.mark.parametrize("change,expected", [
    (lambda m: m["units"][0].update(access_level="secret"), "access_level"),
    (lambda m: m["units"][0].update(date_start="2023-13-01"), "date_start"),
    (lambda m: m["units"][0].update(files=["data/missing.pdf"]), "data/missing.pdf"),
    (lambda m: m["units"].pop(), "data/b.pdf"),
    (lambda m: m["units"][1].update(number="1"), "archive-metadata.json: 1"),
    (lambda m: m["units"][0].update(access_level="personal"), "public_title"),
    (lambda m: m.pop("inventory"), "inventory"),
])
def test_bad_metadata_is_explained(agency_client, tmp_path, change, expected, django_capture_on_commit_callbacks):
    files = {"a.pdf": PDF, "b.pdf": PDF + b"%2"}
    meta = default_metadata(files)
    change(meta)
    data = send(agency_client, build_bag(tmp_path, files, meta), django_capture_on_commit_callbacks)
    assert data["status"] == "failed"
    assert expected in data["error"], data["error"]
    _assert_nothing_left(data["id"])


def test_failure_in_the_accession_step_leaves_nothing(agency_client, tmp_path, archive_a,
                                                      django_capture_on_commit_callbacks):
    """Units numbered like existing ones are caught early; a clash appearing only after storage
    (someone created the unit meanwhile) rolls the accession back and deletes the stored files."""
    from accessions import services

    data_meta = default_metadata({"a.pdf": PDF})
    package = build_bag(tmp_path, {"a.pdf": PDF}, data_meta)
    with django_capture_on_commit_callbacks(execute=False):
        response = post(agency_client, package)
    transfer = Transfer.objects.get(pk=response.json()["id"])
    # Run the verification only: stop before the accession by creating the clash in between.
    from accessions.services import transfers as pipeline

    transfer = pipeline._begin_verifying(transfer)
    pipeline._verify_and_store(transfer)
    assert Transfer.objects.get(pk=transfer.pk).status == "stored"
    assert len(stored_names(f"transfers/{transfer.pk}")) == 1
    from tests.factories import make_fonds, make_inventory, make_unit

    inventory = make_inventory(make_fonds(archive_a, number="1"), number="1")
    make_unit(inventory, number="1", title="Already here")
    assert services.transfer_process(transfer_id=transfer.pk) == "failed"
    transfer.refresh_from_db()
    assert "1" in transfer.error
    assert Unit.objects.count() == 1 and not DigitalObject.objects.exists()
    assert stored_names(f"transfers/{transfer.pk}") == []
    assert not Accession.objects.exists()


def test_interrupted_run_resumes_without_duplicates(agency_client, tmp_path, django_capture_on_commit_callbacks):
    """A worker killed while storing left one file half-written and the transfer `verifying`; the
    next run replaces the damaged file, keeps nothing twice and finishes."""
    from accessions import services

    with django_capture_on_commit_callbacks(execute=False):
        response = post(agency_client, build_bag(tmp_path, FILES))
    transfer = Transfer.objects.get(pk=response.json()["id"])
    Transfer.objects.filter(pk=transfer.pk).update(status="verifying", attempts=1)
    # What the killed run left behind: a truncated first file under its fixed name.
    default_storage.save(f"transfers/{transfer.pk}/00001-order-15.pdf", __import__("io").BytesIO(PDF[:10]))
    assert services.transfer_process(transfer_id=transfer.pk) == "accessioned"
    assert services.transfer_process(transfer_id=transfer.pk) == "accessioned"  # a late duplicate delivery
    assert Unit.objects.count() == 3 and DigitalObject.objects.count() == 3
    assert sorted(stored_names(f"transfers/{transfer.pk}")) == [
        "00001-order-15.pdf", "00002-notes.txt", "00003-site.png"]
    pdf = DigitalObject.objects.get(original_name="order-15.pdf")
    with default_storage.open(pdf.file.name, "rb") as fh:
        assert fh.read() == PDF
    assert Accession.objects.count() == 1
    assert Transfer.objects.get(pk=transfer.pk).attempts == 2


def test_list_and_detail_query_counts(agency_client, api_client, alice, tmp_path, django_assert_num_queries,
                                      django_capture_on_commit_callbacks):
    """Token, staff rights, agency account, the page; the detail adds its events and unit links. The
    same with 1 or 3 rows."""
    def make(n):
        send(agency_client, build_bag(tmp_path / str(n), {"a.pdf": PDF + str(n).encode()},
                                      default_metadata({"a.pdf": b""}, inventory=str(n + 1))),
             django_capture_on_commit_callbacks, key=f"k{n}")

    make(0)
    first = Transfer.objects.get().pk
    for rows in (1, 3):
        with django_assert_num_queries(4):
            response = agency_client.get(URL)
        assert len(response.json()["results"]) == rows
        with django_assert_num_queries(6):
            response = agency_client.get(f"{URL}{first}/")
        assert response.json()["units"]
        staff = type(alice).objects.get(pk=alice.pk)  # a fresh user: nothing cached from before
        with django_assert_num_queries(3):  # staff (forced login): staff rights, agency account, the page
            api_client(staff).get(URL)
        if rows == 1:
            make(1)
            make(2)


@pytest.mark.parametrize("fmt", ["tar.gz", "zip"])
def test_package_packed_from_inside_the_bag_is_accepted(agency_client, tmp_path, fmt,
                                                        django_capture_on_commit_callbacks):
    """`tar -czf package.tar.gz -C bag .` writes the member "./" first and "./bagit.txt" after it (and
    some zip tools do the same): the root folder is not a bad name."""
    build_bag(tmp_path, {"a.pdf": PDF})
    bag_dir = tmp_path / "bag-src" / "bag"
    package = tmp_path / f"dot.{fmt}"
    if fmt == "zip":
        entries = [("./", b"")] + [("./" + p.relative_to(bag_dir).as_posix(), p.read_bytes())
                                   for p in sorted(bag_dir.rglob("*")) if p.is_file()]
        zip_with(entries, package)
    else:
        with tarfile.open(package, "w:gz") as tf:
            tf.add(bag_dir, arcname=".")
        with tarfile.open(package) as tf:
            assert tf.getnames()[0] == "."
    data = send(agency_client, package, django_capture_on_commit_callbacks)
    assert data["status"] == "accessioned", data["error"]
    assert len(data["units"]) == 1


def test_a_file_and_a_folder_of_the_same_name_are_refused(agency_client, tmp_path, django_capture_on_commit_callbacks):
    package = zip_with(_bag_files(tmp_path, [("data/b", b"a file"), ("data/b/c.txt", b"inside it")]),
                       tmp_path / "clash.zip")
    data = send(agency_client, package, django_capture_on_commit_callbacks)
    assert data["status"] == "failed"
    assert data["error"] == ru("%(path)s: a file and a folder of the same name are in the package.",
                               path="data/b/c.txt")
    assert data["error_file"] == "data/b/c.txt"
    _assert_nothing_left(data["id"])


def test_a_late_failure_never_deletes_an_accessioned_transfers_files(agency_client, tmp_path,
                                                                     django_capture_on_commit_callbacks):
    """However a failure is reported after the accession committed (a redelivered task, a crash after
    the commit), the files are the archive's digital objects now and stay."""
    from accessions.services import transfers as pipeline

    data = send(agency_client, build_bag(tmp_path, {"a.pdf": PDF}), django_capture_on_commit_callbacks)
    assert data["status"] == "accessioned"
    transfer = Transfer.objects.get(pk=data["id"])
    pipeline._fail(transfer, "late failure", "", "accession")
    transfer.refresh_from_db()
    assert transfer.status == "accessioned" and transfer.error == ""
    obj = DigitalObject.objects.get(unit_id=data["units"][0])
    assert default_storage.exists(obj.file.name)
    assert stored_names(f"transfers/{transfer.pk}") == [obj.file.name.rsplit("/", 1)[1]]


def test_a_name_the_file_system_cannot_hold_is_refused_by_name(agency_client, tmp_path,
                                                               django_capture_on_commit_callbacks):
    name = "data/" + "а" * 200 + "/x.txt"  # 400 bytes in UTF-8: longer than a file name may be
    package = zip_with(_bag_files(tmp_path, [(name, b"x")]), tmp_path / "long.zip")
    data = send(agency_client, package, django_capture_on_commit_callbacks)
    assert data["status"] == "failed" and data["error_file"] == name
    assert data["error"].startswith(ru("%(path)s cannot be unpacked: %(error)s", path=name, error=""))
    _assert_nothing_left(data["id"])


def test_resending_a_transfer_whose_task_was_lost_queues_it_again(agency_client, tmp_path,
                                                                  django_capture_on_commit_callbacks):
    """The broker was down when the first request committed: no task, the transfer waits in
    `uploaded`. The sender sends the same package with the same key again, and it is processed once."""
    package = build_bag(tmp_path, {"a.pdf": PDF})
    with django_capture_on_commit_callbacks(execute=False) as lost:
        first = post(agency_client, package, key="lost-1")
    assert first.status_code == 202 and len(lost) == 1  # the queued task that never ran
    assert Transfer.objects.get().status == "uploaded"
    with django_capture_on_commit_callbacks(execute=True):
        again = post(agency_client, package, key="lost-1")
    assert again.status_code == 202 and again.json()["id"] == first.json()["id"]
    assert agency_client.get(f"{URL}{first.json()['id']}/").json()["status"] == "accessioned"
    assert Unit.objects.count() == 1 and DigitalObject.objects.count() == 1
    # Done now: a further resend queues nothing and changes nothing.
    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert post(agency_client, package, key="lost-1").json()["status"] == "accessioned"
    assert queued == []
    assert Unit.objects.count() == 1 and Transfer.objects.get().attempts == 1


def test_a_transfer_whose_task_was_lost_is_sent_again_by_the_sweeper(agency_client, tmp_path, settings,
                                                                      django_capture_on_commit_callbacks):
    """Redis restarted and lost the queued task: the transfer sits in `uploaded` until the periodic
    sweep sends it again; a recent one is left to its own task."""
    import datetime as dt

    from django.utils import timezone

    from accessions import services

    with django_capture_on_commit_callbacks(execute=False):  # the task never reaches a worker
        response = post(agency_client, build_bag(tmp_path, FILES))
    transfer_id = response.json()["id"]
    assert services.transfers_requeue_stuck() == {"requeued": 0, "failed": 0}  # not stuck yet
    later = timezone.now() + dt.timedelta(minutes=settings.TRANSFER_REQUEUE_MINUTES + 1)
    assert services.transfers_requeue_stuck(now=later) == {"requeued": 1, "failed": 0}
    assert Transfer.objects.get(pk=transfer_id).status == "accessioned"
    assert Unit.objects.count() == 3
    assert services.transfers_requeue_stuck(now=later + dt.timedelta(hours=1)) == {"requeued": 0, "failed": 0}


def test_a_transfer_interrupted_too_often_is_stopped_with_the_reason(agency_client, tmp_path, settings,
                                                                     django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    from accessions import services

    with django_capture_on_commit_callbacks(execute=False):
        response = post(agency_client, build_bag(tmp_path, FILES))
    transfer_id = response.json()["id"]
    Transfer.objects.filter(pk=transfer_id).update(status="verifying", attempts=settings.TRANSFER_MAX_ATTEMPTS)
    later = timezone.now() + dt.timedelta(minutes=settings.TRANSFER_REQUEUE_MINUTES + 1)
    assert services.transfers_requeue_stuck(now=later) == {"requeued": 0, "failed": 1}
    answer = agency_client.get(f"{URL}{transfer_id}/").json()
    assert answer["status"] == "failed"
    assert answer["error"] == ru("Processing was interrupted %(n)s times; the transfer was stopped. Staff can "
                                 "retry it.", n=settings.TRANSFER_MAX_ATTEMPTS)
    _assert_nothing_left(transfer_id)
