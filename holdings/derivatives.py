"""Image derivatives of scans: a thumbnail and an access copy (JPEG), made with Pillow."""
from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from .choices import DigitalObjectRole
from .models import DigitalObject

THUMBNAIL_SIZE = (320, 320)
ACCESS_MAX = 2400
Image.MAX_IMAGE_PIXELS = 400_000_000  # large scans are normal; beyond this a file is a decompression bomb


def is_readable_image(fileobj) -> bool:
    """True when Pillow can open the file as an image (the file is rewound either way)."""
    try:
        fileobj.seek(0)
        with Image.open(fileobj) as img:
            img.verify()
        return True
    except Exception:  # Pillow raises many kinds (UnidentifiedImageError, SyntaxError, bomb errors, ...)
        return False
    finally:
        fileobj.seek(0)


def _encode(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def make_derivatives(source: DigitalObject) -> list[DigitalObject]:
    """Creates (or re-creates) the thumbnail and the access copy of an image; idempotent."""
    import hashlib

    with source.file.open("rb") as fh:  # a storage error here is worth a retry of the task
        data = fh.read()
    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, SyntaxError, ValueError, OSError):
        # Not an image Pillow can decode (or a truncated one): the file is kept as it is; a retry
        # would not help.
        return []
    img = ImageOps.exif_transpose(img)
    if source.width is None:
        DigitalObject.objects.filter(pk=source.pk).update(width=img.width, height=img.height)
    made = []
    access = img.copy()
    access.thumbnail((ACCESS_MAX, ACCESS_MAX))
    thumb = img.copy()
    thumb.thumbnail(THUMBNAIL_SIZE)
    stem = (source.original_name or "page").rsplit(".", 1)[0]
    for role, picture, suffix in ((DigitalObjectRole.ACCESS, access, "access"),
                                  (DigitalObjectRole.THUMBNAIL, thumb, "thumb")):
        data = _encode(picture)
        with transaction.atomic():
            old = list(DigitalObject.objects.filter(derived_from=source, role=role))
            obj = DigitalObject(unit_id=source.unit_id, role=role, derived_from=source,
                                original_name=f"{stem}-{suffix}.jpg", sha256=hashlib.sha256(data).hexdigest(),
                                size=len(data), format="image/jpeg", page_order=source.page_order,
                                width=picture.width, height=picture.height)
            obj.file.save(f"{stem}-{suffix}.jpg", ContentFile(data), save=False)
            obj.save()
            for o in old:
                name = o.file.name
                o.delete()
                transaction.on_commit(lambda n=name, storage=o.file.storage: storage.delete(n))
        made.append(obj)
    return made
