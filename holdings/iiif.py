"""IIIF Presentation API 3.0 manifests of digitized units, so external IIIF viewers can show them.

The builder is pure: the caller decides (through holdings.access) whether the user may see the
unit's images at all, and passes the pages with the URLs of their access copies. Nothing here
reads files or the database. Spec: https://iiif.io/api/presentation/3.0/"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
LANGUAGES = ("kk", "ru", "en")
# Used for a canvas whose access copy has no recorded size: the proportions of an A4 sheet.
DEFAULT_SIZE = (1000, 1414)


@dataclass(frozen=True)
class IIIFPage:
    """One canvas: the page number, the access copy's size and URLs."""

    number: int
    width: int | None
    height: int | None
    image_url: str
    thumbnail_url: str | None = None
    format: str = "image/jpeg"


def language_map(text) -> dict[str, list[str]]:
    """A translatable string in every site language: {"kk": [...], "ru": [...], "en": [...]}."""
    out = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            out[lang] = [str(text)]
    return out


def none_map(value: str) -> dict[str, list[str]]:
    """A value without a language (codes, dates, titles in whatever language they were written)."""
    return {"none": [value]}


def build_manifest(*, manifest_url: str, title: str, pages: Sequence[IIIFPage], reference_code: str,
                   archive_name: str, dates: str = "", extent: str = "", homepage_url: str | None = None,
                   summary: str = "") -> dict:
    """The manifest as a JSON-ready dict: label, metadata, required statement, and one Canvas per
    page with an AnnotationPage holding a single `painting` Annotation whose body is the Image."""
    base = manifest_url.rsplit("/manifest", 1)[0]
    metadata = [{"label": language_map(_("Reference code")), "value": none_map(reference_code)},
                {"label": language_map(_("Archive")), "value": none_map(archive_name)}]
    if dates:
        metadata.append({"label": language_map(_("Dates")), "value": none_map(dates)})
    if extent:
        metadata.append({"label": language_map(_("Extent")), "value": none_map(extent)})
    manifest: dict = {
        "@context": CONTEXT,
        "id": manifest_url,
        "type": "Manifest",
        "label": none_map(f"{reference_code}. {title}" if title else reference_code),
        "metadata": metadata,
        "requiredStatement": {"label": language_map(_("Archive")), "value": none_map(archive_name)},
        "viewingDirection": "left-to-right",
        "items": [],
    }
    if summary:
        manifest["summary"] = none_map(summary)
    if homepage_url:
        manifest["homepage"] = [{"id": homepage_url, "type": "Text", "label": none_map(reference_code),
                                 "format": "text/html"}]
    for page in pages:
        width, height = (page.width, page.height) if page.width and page.height else DEFAULT_SIZE
        canvas_id = f"{base}/canvas/{page.number}"
        canvas = {
            "id": canvas_id,
            "type": "Canvas",
            "label": none_map(str(page.number)),
            "width": int(width),
            "height": int(height),
            "items": [{
                "id": f"{canvas_id}/page",
                "type": "AnnotationPage",
                "items": [{
                    "id": f"{canvas_id}/page/image",
                    "type": "Annotation",
                    "motivation": "painting",
                    "body": {"id": page.image_url, "type": "Image", "format": page.format,
                             "width": int(width), "height": int(height)},
                    "target": canvas_id,
                }],
            }],
        }
        if page.thumbnail_url:
            canvas["thumbnail"] = [{"id": page.thumbnail_url, "type": "Image", "format": "image/jpeg"}]
        manifest["items"].append(canvas)
    if pages and pages[0].thumbnail_url:
        manifest["thumbnail"] = [{"id": pages[0].thumbnail_url, "type": "Image", "format": "image/jpeg"}]
    return manifest
