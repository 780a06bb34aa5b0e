"""Electronic transfer ingest rate: a 1 GB BagIt package of mixed files (PDF, JPEG, TIFF, office
documents, XML/CSV/text, MP4 and WAV media) through the whole pipeline - upload (hashing and keeping
the package), safe unpacking, bag validation with `bagit`, format identification with opf-fido,
storage with a read-back sha256 check, and the accession of units and digital objects with their
preservation events - measured in MB/s and files/s.

`python -m bench ingest` (or `make bench`). It makes its own PostgreSQL database
(BENCH_INGEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/archive_bench_ingest; dropped
and made again), migrates it, and runs the pipeline in a subprocess with files on disk in a
temporary folder, calling the task's service directly as a worker would. Without PostgreSQL it says
so and stops. Size: BENCH_INGEST_BYTES (default 1 GiB). ClamAV is not part of the figure (no clamd
here): scanning adds clamd's own rate. Not a test: the figures depend on the machine and its load (recorded)."""
from __future__ import annotations

import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import load_note

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
START, END = "<!-- bench_ingest:start -->", "<!-- bench_ingest:end -->"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/archive_bench_ingest"
MB = 1024 * 1024

# kind: (extension, header bytes, size range in bytes, share of the total bytes)
MIX = [
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", (40_000, 900_000), 0.22),
    ("jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", (300_000, 3_000_000), 0.20),
    ("tif", b"II*\x00\x08\x00\x00\x00", (2_000_000, 12_000_000), 0.14),
    ("docx", None, (20_000, 400_000), 0.04),
    ("xml", b'<?xml version="1.0" encoding="UTF-8"?>\n<document>', (5_000, 120_000), 0.02),
    ("csv", b"id;date;text\n", (5_000, 200_000), 0.01),
    ("txt", "Распоряжение акима области\n".encode(), (1_000, 40_000), 0.01),
    ("mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom", (20_000_000, 80_000_000), 0.28),
    ("wav", b"RIFF\x00\x00\x00\x00WAVEfmt ", (5_000_000, 20_000_000), 0.08),
]


# ---------------------------------------------------------------- the package
def _content(rng: random.Random, ext: str, header: bytes | None, size: int) -> bytes:
    text_like = ext in ("xml", "csv", "txt")
    if ext == "docx":
        import io

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
            zf.writestr("word/document.xml", "<w:document>" + "Құжат мәтіні. " * (size // 40) + "</w:document>")
            zf.writestr("word/media/image1.bin", rng.randbytes(size // 2))
        return out.getvalue()
    if text_like:
        line = header + "Мұрағат құжаты; архивный документ; 2023-01-01;\n".encode() * (size // 60)
        return line[:size]
    if ext == "jpg":  # a real JPEG ends with its end-of-image marker
        return header + rng.randbytes(size - len(header) - 2) + b"\xff\xd9"
    if ext == "pdf":  # a real PDF ends with its trailer; fido's signatures look for it
        tail = b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
        return header + rng.randbytes(size - len(header) - len(tail)) + tail
    return header + rng.randbytes(size - len(header))


def build_package(folder: Path, total_bytes: int, seed: int = 20240612) -> tuple[Path, int, int]:
    """A zip of a bag (stored, not deflated: most archival payload is compressed media anyway)."""
    import bagit

    rng = random.Random(seed)
    bag_dir = folder / "bag"
    bag_dir.mkdir(parents=True)
    files = []
    n = 0
    for ext, header, (low, high), share in MIX:
        budget = int(total_bytes * share)
        while budget > low:
            n += 1
            size = min(rng.randint(low, high), budget)
            name = f"{ext}/{n:05d}.{ext}"
            path = bag_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            data = _content(rng, ext, header, size)
            path.write_bytes(data)
            files.append(name)
            budget -= len(data)
    bag = bagit.make_bag(str(bag_dir), {"Source-Organization": "Benchmark agency"}, checksums=["sha256"],
                         processes=os.cpu_count() or 1)
    units = []
    per_unit = 5  # a unit of storage holds a few related files, as a case file does
    for i in range(0, len(files), per_unit):
        number = str(i // per_unit + 1)
        units.append({"number": number, "title": f"Электронное дело № {number}", "date_start": "2023-01-01",
                      "date_end": "2023-12-31", "access_level": "open",
                      "files": [f"data/{f}" for f in files[i:i + per_unit]]})
    meta = {"fonds": "1", "fonds_title": "Benchmark fonds", "inventory": "1", "inventory_title": "Benchmark inventory",
            "units": units}
    (bag_dir / "archive-metadata.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    bag.save(manifests=True)
    package = folder / "package.zip"
    payload = 0
    with zipfile.ZipFile(package, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
        for path in sorted(bag_dir.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(bag_dir).as_posix())
                if path.relative_to(bag_dir).parts[0] == "data":
                    payload += path.stat().st_size
    shutil.rmtree(bag_dir)
    return package, len(files), payload


# ---------------------------------------------------------------- outer: database, subprocess, report
def main() -> None:
    import psycopg

    url = os.environ.get("BENCH_INGEST_DATABASE_URL", DEFAULT_URL)
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
            version = conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.OperationalError as exc:
        print(f"ingest benchmark skipped: no PostgreSQL at {admin} ({exc.__class__.__name__}).")
        return
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "bench-only-not-a-secret",
           "SECURE_SSL_REDIRECT": "false", "REDIS_URL": "", "LOG_LEVEL": "WARNING", "S3_BUCKET": "",
           "MEDIA_ROOT": str(work / "media"), "CLAMD_SOCKET": "",
           "TRANSFER_MAX_BYTES": str(max(5 * 1024**3, 2 * int(os.environ.get("BENCH_INGEST_BYTES", 1024**3))))}
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        out = work / "figures.json"
        subprocess.run([sys.executable, "-m", "bench.bench_ingest", "--inner", str(work), str(out)], cwd=ROOT,
                       env=env, check=True)
        figures = json.loads(out.read_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures["postgres"] = version
    section = report(figures)
    write_section(section)
    print(section)


def write_section(section: str) -> None:
    """Replaces this benchmark's block in RESULTS.md (read just before writing: others edit it too)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    block = f"{START}\n{section.rstrip()}\n{END}"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def report(f: dict) -> str:
    m = f["machine"]
    def rate(seconds: float) -> str:
        return f"{f['payload_mb'] / seconds:,.1f} MB/s" if seconds >= 0.5 else "—"

    steps = "\n".join(f"| {name} | {seconds:.1f} s | {rate(seconds)} |" for name, seconds in f["steps"])
    mix = ", ".join(f"{count} {ext}" for ext, count in sorted(f["mix"].items()))
    return f"""## Electronic transfer ingest (bench/bench_ingest.py)

Run {f['date']} on {m['cpu']} ({m['cores']} cores), {m['ram_gb']:.0f} GB RAM, {m['os']}; PostgreSQL
{f['postgres']}, files on local disk (FileSystemStorage), the task's work run in-process, no ClamAV. Load average before
the run: {m['load_before']}, after: {m['load_after']} ({load_note(m['load_before'])}).

One package: a zip of {f['package_mb']:,.0f} MB holding a BagIt bag of {f['files']:,} files
({f['payload_mb']:,.0f} MB of payload: {mix}) described as {f['units']:,} units. From the API's
`transfer_submit` (hashing and keeping the package) to `accessioned`:

| what | figure |
| --- | --- |
| **ingest rate** | **{f['mb_per_s']:,.1f} MB/s, {f['files_per_s']:,.1f} files/s** ({f['seconds']:.1f} s in all) |
| formats identified by fido (PRONOM) / by file signature / not identified | {f['methods'].get('fido', 0)} / {f['methods'].get('signature', 0)} / {f['methods'].get('none', 0)} |
| preservation events written | {f['events']:,} |

Where the time goes (from the transfer's events; each step reads or writes the whole payload once,
storage twice: the write and the read-back check):

| step | time | payload rate |
| --- | --- | --- |
{steps}

The rate is bound by format identification (opf-fido matches every PRONOM signature against the
start and end of each file, in Python: about {f['steps_by_name'].get('format', 0) * 1000 / max(f['files'], 1):.0f} ms per file here) and by
the storage's write and read-back. Transfers run in parallel, one per Celery worker, so a deployment
scales the daily volume with workers; the per-transfer figure is what one worker does.
"""


# ---------------------------------------------------------------- inner: the measured run
def _machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    except (ValueError, OSError):
        ram = 0
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": ram, "os": f"{platform.system()} {platform.release()}",
            "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def inner(work: Path, out: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
    django.setup()
    from django.core.files import File
    from django.db.models import Count

    from accessions import services
    from accessions.models import AgencyAccount, Transfer, TransferFile
    from accounts.validators import control_digit
    from holdings.models import Archive, PreservationEvent, Region

    machine = _machine()
    total = int(os.environ.get("BENCH_INGEST_BYTES", str(1024**3)))
    print(f"building a {total / MB:,.0f} MB package ...", flush=True)
    package, file_count, payload = build_package(work / "src", total)
    mix: dict[str, int] = {}
    for ext, *_rest in MIX:
        mix[ext] = 0
    with zipfile.ZipFile(package) as zf:
        for info in zf.infolist():
            if info.filename.startswith("data/"):
                mix[info.filename.rsplit(".", 1)[-1]] += 1

    region, _ = Region.objects.get_or_create(code="BENCH", defaults={"name_ru": "Бенч", "name_kk": "Бенч"})
    archive, _ = Archive.objects.get_or_create(code="BENCH-1", defaults={
        "name_ru": "Архив для замеров", "name_kk": "Өлшеу мұрағаты", "kind": "regional", "region": region})
    base = "04040000001"
    bin_value = base + str(control_digit(base))
    source = services.source_create(actor=None, archive=archive, name="Benchmark agency", kind="state_agency",
                                    bin=bin_value)
    account, _token = services.agency_account_create(actor=None, source=source, username="bench-agency")
    account = AgencyAccount.objects.get(pk=account.pk)
    print(f"ingesting {file_count:,} files, {payload / MB:,.0f} MB ...", flush=True)
    # Queue the task instead of running it inside the upload, so the two are timed apart.
    from archive_site.celery import app as celery_app

    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "memory://"
    started = time.perf_counter()
    with open(package, "rb") as fh:
        transfer, _created = services.transfer_submit(account=account, package=File(fh, name="package.zip"),
                                                      idempotency_key="bench-1")
    submitted = time.perf_counter()
    status = services.transfer_process(transfer_id=transfer.pk)  # what the worker's task runs
    seconds = time.perf_counter() - started
    transfer = Transfer.objects.get(pk=transfer.pk)
    if status != "accessioned":
        raise SystemExit(f"the benchmark transfer failed: {transfer.error}")
    labels = {"unpack": "unpack (safe)", "validation": "bag validation (bagit, sha256 of every file)",
              "metadata": "archive-metadata.json", "format_identification": "format identification (fido / signatures)",
              "virus_check": "virus check (skipped: no clamd)", "storage": "storage with read-back sha256",
              "accession": "accession: units, digital objects, events (one transaction)"}
    steps = [("upload: hash and keep the package", submitted - started)]
    events = list(transfer.events.order_by("at", "id").values_list("step", "at"))
    # Each event closes its step; the first "unpack" event opens the processing.
    opened = next(at for step, at in events if step == "unpack")
    previous = opened
    for step, at in events:
        if at <= opened or step not in labels:
            continue
        steps.append((labels[step], (at - previous).total_seconds()))
        previous = at
    methods = dict(TransferFile.objects.filter(transfer=transfer).values_list("identification_method")
                   .annotate(n=Count("id")).values_list("identification_method", "n"))
    figures = {
        "date": time.strftime("%Y-%m-%d"), "machine": {**machine,
                                                      "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg())},
        "package_mb": package.stat().st_size / MB, "payload_mb": payload / MB, "files": file_count,
        "units": len(transfer.metadata["units"]), "seconds": seconds, "mb_per_s": payload / MB / seconds,
        "files_per_s": file_count / seconds, "steps": steps, "methods": methods, "mix": mix,
        "events": PreservationEvent.objects.filter(source=f"transfer:{transfer.pk}").count(),
        "steps_by_name": {"format": next((t for name, t in steps if name.startswith("format")), 0)},
    }
    out.write_text(json.dumps(figures))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--inner":
        inner(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
