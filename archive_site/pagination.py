"""Cursor pagination by default: stable pages and no OFFSET deep paging on big tables."""
from rest_framework.pagination import CursorPagination


class DefaultCursorPagination(CursorPagination):
    """Cursor pages ordered by id; viewsets over other keys set `ordering` themselves."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
