"""Audiovisual files of a deposit: technical metadata with ffprobe (or MediaInfo), an access copy
and a poster frame with ffmpeg. The tools are optional: whatever cannot be done on this machine is
recorded as skipped, with the reason, and the deposit stands."""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from holdings import services as holdings
from holdings.choices import DigitalObjectRole, EventOutcome, PreservationEventType
from holdings.models import DigitalObject, PreservationEvent

from .choices import MediaProcessingStatus
from .models import MediaFile

logger = logging.getLogger(__name__)
TIMEOUT = 6 * 3600  # a feature film transcodes in minutes; a hung tool must not block a worker forever


def tool(name: str) -> str | None:
    return shutil.which(name)


def tools_report() -> dict[str, bool]:
    return {name: bool(tool(name)) for name in ("ffprobe", "mediainfo", "ffmpeg")}


def _version(binary: str, flag: str = "-version") -> str:
    try:
        out = subprocess.run([binary, flag], capture_output=True, text=True, timeout=20, check=False).stdout
    except OSError:
        return Path(binary).name
    first = (out.splitlines() or [Path(binary).name])[0]
    # "ffprobe version 5.1.6-0+deb12u1 Copyright ..." -> "ffprobe 5.1.6-0+deb12u1"
    words = first.replace(" version ", " ").split()
    return " ".join(words[:2])[:150] if words else Path(binary).name


@contextmanager
def local_copy(obj: DigitalObject):
    """A local path for a stored file (the file itself on disk storage, a temporary copy otherwise)."""
    try:
        yield Path(default_storage.path(obj.file.name))
        return
    except NotImplementedError:
        pass
    with tempfile.TemporaryDirectory(prefix="av-") as tmp:
        path = Path(tmp) / (Path(obj.original_name).name or "media")
        with default_storage.open(obj.file.name, "rb") as src, open(path, "wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
        yield path


def _rate(value: str) -> str:
    try:
        rate = Fraction(value)
    except (ValueError, ZeroDivisionError):
        return ""
    return f"{float(rate):.3f}".rstrip("0").rstrip(".") if rate else ""


def probe_ffprobe(binary: str, path: Path) -> dict:
    out = subprocess.run([binary, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
                         capture_output=True, text=True, timeout=600, check=True).stdout
    raw = json.loads(out or "{}")
    fmt = raw.get("format", {})
    video = next((s for s in raw.get("streams", []) if s.get("codec_type") == "video"
                  and not s.get("disposition", {}).get("attached_pic")), {})
    audio = next((s for s in raw.get("streams", []) if s.get("codec_type") == "audio"), {})
    duration = fmt.get("duration") or video.get("duration") or audio.get("duration")
    return {"duration_seconds": float(duration) if duration else None, "container": (fmt.get("format_long_name") or fmt.get("format_name", ""))[:100],
            "video_codec": video.get("codec_name", ""), "audio_codec": audio.get("codec_name", ""),
            "width": video.get("width"), "height": video.get("height"),
            "frame_rate": _rate(video.get("avg_frame_rate", "")), "raw": {"format": fmt, "streams": raw.get("streams", [])}}


def probe_mediainfo(binary: str, path: Path) -> dict:
    out = subprocess.run([binary, "--Output=JSON", str(path)], capture_output=True, text=True, timeout=600,
                         check=True).stdout
    raw = json.loads(out or "{}")
    tracks = raw.get("media", {}).get("track", [])
    general = next((t for t in tracks if t.get("@type") == "General"), {})
    video = next((t for t in tracks if t.get("@type") == "Video"), {})
    audio = next((t for t in tracks if t.get("@type") == "Audio"), {})

    def number(value):
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return None

    duration = general.get("Duration")
    return {"duration_seconds": float(duration) if duration else None, "container": general.get("Format", "")[:100],
            "video_codec": video.get("Format", ""), "audio_codec": audio.get("Format", ""),
            "width": number(video.get("Width")), "height": number(video.get("Height")),
            "frame_rate": str(video.get("FrameRate", ""))[:30], "raw": raw}


def _store_derivative(master: DigitalObject, local: Path, label: str, role: str, mime: str) -> DigitalObject:
    """Writes a derivative under a name fixed by the master's id (a re-run replaces it) and records it."""
    name = f"av/{master.pk}/{label}"
    if default_storage.exists(name):
        default_storage.delete(name)
    with open(local, "rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
        fh.seek(0)
        stored = default_storage.save(name, File(fh, name=label))
    size = local.stat().st_size
    try:
        return holdings.digital_object_register(actor=None, unit=master.unit, name=stored, sha256=digest, size=size,
                                                role=role, original_name=f"{Path(master.original_name).stem}-{label}",
                                                format=mime, page_order=master.page_order, derived_from=master)
    except Exception:
        default_storage.delete(stored)
        raise


def _event(mf: MediaFile, event_type: str, outcome: str, agent: str, detail: str) -> None:
    obj = mf.digital_object
    PreservationEvent.objects.create(event_type=event_type, outcome=outcome, unit_id=obj.unit_id, digital_object=obj,
                                     object_name=obj.original_name, object_sha256=obj.sha256, agent=agent[:200],
                                     detail=detail, source=f"accession:{mf.accession_id}")


def process_media_file(mf: MediaFile) -> str:
    """Idempotent: a done file is left alone; an interrupted one is done again from the start."""
    if mf.status in (MediaProcessingStatus.DONE, MediaProcessingStatus.SKIPPED):
        return mf.status
    skipped: list[str] = []
    master = mf.digital_object
    with local_copy(master) as path:
        metadata = None
        for name, prober in (("ffprobe", probe_ffprobe), ("mediainfo", probe_mediainfo)):
            binary = tool(name)
            if not binary:
                continue
            try:
                metadata = prober(binary, path)
                mf.metadata_tool = _version(binary, "-version" if name == "ffprobe" else "--Version")
                break
            except (subprocess.SubprocessError, OSError, ValueError) as exc:
                logger.warning("%s failed on %s: %s", name, master.original_name, exc)
                skipped.append(_("%(tool)s could not read the file: %(error)s") % {"tool": name, "error": exc})
        if metadata is not None:
            for key, value in metadata.items():
                setattr(mf, key, value if value is not None or key in ("duration_seconds", "width", "height") else "")
            _event(mf, PreservationEventType.METADATA_EXTRACTION, EventOutcome.SUCCESS, mf.metadata_tool,
                   _("Duration %(duration)s s, %(container)s, video %(video)s %(w)sx%(h)s, audio %(audio)s.") % {
                       "duration": round(mf.duration_seconds or 0), "container": mf.container or "?",
                       "video": mf.video_codec or "—", "w": mf.width or "?", "h": mf.height or "?",
                       "audio": mf.audio_codec or "—"})
            unit = master.unit
            if mf.duration_seconds and not unit.duration_seconds:
                holdings.unit_update(actor=None, unit=unit, duration_seconds=round(mf.duration_seconds))
        elif not skipped:
            skipped.append(_("Technical metadata skipped: neither ffprobe nor MediaInfo is installed."))
            _event(mf, PreservationEventType.METADATA_EXTRACTION, EventOutcome.WARNING, "—", skipped[-1])
        ffmpeg = tool("ffmpeg")
        if ffmpeg is None:
            skipped.append(_("Access copy and poster frame skipped: ffmpeg is not installed."))
            _event(mf, PreservationEventType.CREATION, EventOutcome.WARNING, "—", skipped[-1])
        else:
            _derivatives(mf, ffmpeg, path, skipped)
    mf.skipped = "\n".join(str(s) for s in skipped)
    nothing_done = metadata is None and mf.access_copy_id is None
    mf.status = MediaProcessingStatus.SKIPPED if nothing_done else MediaProcessingStatus.DONE
    mf.processed_at = timezone.now()
    mf.save()
    return mf.status


class _AlreadyMade(Exception):
    """The derivative exists from an earlier run: keep it."""


def _derivatives(mf: MediaFile, ffmpeg: str, path: Path, skipped: list) -> None:
    master = mf.digital_object
    has_video = bool(mf.video_codec) or (not mf.metadata_tool and master.format.startswith("video/"))
    agent = _version(ffmpeg)
    with tempfile.TemporaryDirectory(prefix="av-") as tmp:
        if has_video:
            access_path = Path(tmp) / "access.mp4"
            command = [ffmpeg, "-nostdin", "-v", "error", "-y", "-i", str(path), "-map", "0:v:0", "-map", "0:a:0?",
                       "-vf", "scale=-2:'min(480,ih)'", "-c:v", "libx264", "-preset", "veryfast", "-crf", "28",
                       "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart",
                       str(access_path)]
            label, mime = "access.mp4", "video/mp4"
        else:
            access_path = Path(tmp) / "access.m4a"
            command = [ffmpeg, "-nostdin", "-v", "error", "-y", "-i", str(path), "-vn", "-c:a", "aac", "-b:a", "128k",
                       str(access_path)]
            label, mime = "access.m4a", "audio/mp4"
        try:
            if mf.access_copy_id:  # made by an earlier, interrupted run
                raise _AlreadyMade
            subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=True)
            with transaction.atomic():
                mf.access_copy = _store_derivative(master, access_path, label, DigitalObjectRole.ACCESS, mime)
                mf.save(update_fields=["access_copy"])
                _event(mf, PreservationEventType.CREATION, EventOutcome.SUCCESS, agent,
                       _("Access copy made: %(file)s.") % {"file": label})
        except _AlreadyMade:
            pass
        except subprocess.SubprocessError as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            skipped.append(_("ffmpeg could not make the access copy: %(error)s") % {"error": detail.strip()[:300]})
            _event(mf, PreservationEventType.CREATION, EventOutcome.FAILURE, agent, skipped[-1])
        if not has_video:
            return
        at = max(0.0, (mf.duration_seconds or 0) * 0.1)
        poster_path = Path(tmp) / "poster.jpg"
        try:
            if mf.poster_id:
                raise _AlreadyMade
            subprocess.run([ffmpeg, "-nostdin", "-v", "error", "-y", "-ss", f"{at:.2f}", "-i", str(path),
                            "-frames:v", "1", "-vf", "scale=640:-2", str(poster_path)],
                           capture_output=True, text=True, timeout=600, check=True)
            with transaction.atomic():
                mf.poster = _store_derivative(master, poster_path, "poster.jpg", DigitalObjectRole.THUMBNAIL,
                                              "image/jpeg")
                mf.save(update_fields=["poster"])
                _event(mf, PreservationEventType.CREATION, EventOutcome.SUCCESS, agent, _("Poster frame made."))
        except _AlreadyMade:
            pass
        except subprocess.SubprocessError as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            skipped.append(_("ffmpeg could not make the poster frame: %(error)s") % {"error": detail.strip()[:300]})
            _event(mf, PreservationEventType.CREATION, EventOutcome.FAILURE, agent, skipped[-1])
