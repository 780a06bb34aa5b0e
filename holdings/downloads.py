"""Serving stored files through views that have checked the user's rights (MEDIA is never exposed)."""
from __future__ import annotations

from django.http import FileResponse, Http404

from .models import DigitalObject

INLINE_IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


def file_response(obj: DigitalObject, *, inline: bool = False) -> FileResponse:
    """Streams a stored file from the storage backend (disk or object store). Only plain raster
    images are ever shown inline; everything else is a download."""
    inline = inline and obj.format in INLINE_IMAGE_TYPES
    try:
        handle = obj.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=obj.format or "application/octet-stream", as_attachment=not inline,
                            filename=obj.original_name or obj.file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, max-age=3600" if inline else "private, no-store"
    # Even if a stored file were HTML or SVG, it could run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
