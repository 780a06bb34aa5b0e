"""Fixtures of the holdings tests: a small tree in archive A and one in archive B, and images."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import make_fonds, make_inventory, make_unit


@pytest.fixture
def tree_a(archive_a, alice):
    """Archive A: fonds 1 > inventory 1 > units 1..3 (open), described by alice."""
    fonds = make_fonds(archive_a, "1", "Управление делами", actor=alice)
    inventory = make_inventory(fonds, "1", "Дела постоянного хранения", actor=alice)
    units = [make_unit(inventory, str(i), f"Дело {i}", actor=alice) for i in (1, 2, 3)]
    return fonds, inventory, units


@pytest.fixture
def tree_b(archive_b, bob):
    fonds = make_fonds(archive_b, "7", "Қор Б", actor=bob)
    inventory = make_inventory(fonds, "1", "Тізімдеме", actor=bob)
    units = [make_unit(inventory, str(i), f"Іс {i}", actor=bob) for i in (1, 2)]
    return fonds, inventory, units


def jpeg_bytes(width: int = 60, height: int = 80, color: str = "white") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def scan():
    """Factory: scan(name) gives an uploaded JPEG page."""
    def make(name: str = "page-1.jpg", width: int = 600, height: int = 850) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, jpeg_bytes(width, height), content_type="image/jpeg")

    return make


@pytest.fixture
def office_client(web_client):
    """Factory: a logged-in client that reads pages in English (messages are asserted in English)."""
    def make(user):
        client = web_client(user)
        client.cookies["archive_language"] = "en"
        return client

    return make
