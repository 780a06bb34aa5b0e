"""Keyset cursor pagination for the catalogue API: `{"next", "previous", "results"}`.

Unlike DRF's CursorPagination (one ordering field plus an offset), the cursor holds the full key
of the boundary row, e.g. (sort_key, id) inside an inventory, so every page is an index range
scan that starts at the cursor: a deep page costs what the first one does. A view names its key
with `keyset_fields(request)`; the last field must be unique (the id)."""
from __future__ import annotations

import base64
import binascii
import json
from collections import OrderedDict

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

MAX_CURSOR_LENGTH = 400
BIGINT = 2**63


class KeysetCursorPagination(BasePagination):
    """Opaque cursors over an ascending composite key of integer fields."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    page_size = 50
    max_page_size = 500
    invalid_cursor_message = _("Invalid cursor.")

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list:
        self.request = request
        self.keys = tuple(view.keyset_fields(request)) if view is not None and hasattr(view, "keyset_fields") else ("id",)
        self.size = self._page_size(request)
        values, reverse = self._decode(request.query_params.get(self.cursor_query_param))
        qs = queryset
        if values is not None:
            qs = qs.filter(self._after_q(values, reverse))
        order = [f"-{k}" for k in self.keys] if reverse else list(self.keys)
        rows = list(qs.order_by(*order)[:self.size + 1])
        more = len(rows) > self.size
        rows = rows[:self.size]
        if reverse:
            rows.reverse()
            self.has_next, self.has_previous = bool(rows), more
        else:
            self.has_next, self.has_previous = more, values is not None and bool(rows)
        self.first_key = self._key(rows[0]) if rows else None
        self.last_key = self._key(rows[-1]) if rows else None
        return rows

    # ---------------------------------------------------------------- response
    def get_paginated_response(self, data) -> Response:
        return Response(OrderedDict([("next", self.get_next_link()), ("previous", self.get_previous_link()),
                                     ("results", data)]))

    def get_next_link(self) -> str | None:
        if not self.has_next or self.last_key is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param,
                                   self._encode(self.last_key, reverse=False))

    def get_previous_link(self) -> str | None:
        if not self.has_previous or self.first_key is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param,
                                   self._encode(self.first_key, reverse=True))

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {"name": self.cursor_query_param, "required": False, "in": "query",
             "description": "The pagination cursor value (from `next` or `previous`).", "schema": {"type": "string"}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": f"Number of results per page (at most {self.max_page_size}).",
             "schema": {"type": "integer"}},
        ]

    # ---------------------------------------------------------------- cursor
    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw and raw.isdigit() and len(raw) < 10 and int(raw) > 0:
            return min(int(raw), self.max_page_size)
        return self.page_size

    def _key(self, row) -> list[int]:
        return [getattr(row, k) for k in self.keys]

    def _encode(self, values: list[int], *, reverse: bool) -> str:
        raw = json.dumps({"k": values, "r": int(reverse)}, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _decode(self, cursor: str | None) -> tuple[list[int] | None, bool]:
        if cursor is None:
            return None, False
        try:
            if len(cursor) > MAX_CURSOR_LENGTH:
                raise ValueError
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            data = json.loads(raw)
            values, reverse = data["k"], data.get("r", 0)
            if (not isinstance(values, list) or len(values) != len(self.keys) or reverse not in (0, 1)
                    or not all(type(v) is int and -BIGINT <= v < BIGINT for v in values)):
                raise ValueError
        except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError, RecursionError):
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from None
        return values, bool(reverse)

    def _after_q(self, values: list[int], reverse: bool) -> Q:
        """(k1, k2, ...) > (v1, v2, ...) (or < going back), written so that an index on the keys is
        entered at the cursor: `k1 >= v1 AND (k1 > v1 OR (k1 = v1 AND k2 > v2) ...)`."""
        op, op_eq = ("lt", "lte") if reverse else ("gt", "gte")
        either = Q()
        for i, key in enumerate(self.keys):
            step = Q(**{f"{key}__{op}": values[i]})
            for prev_key, prev_value in zip(self.keys[:i], values[:i], strict=True):
                step &= Q(**{prev_key: prev_value})
            either |= step
        if len(self.keys) > 1:
            return Q(**{f"{self.keys[0]}__{op_eq}": values[0]}) & either
        return either
