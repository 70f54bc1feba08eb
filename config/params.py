"""Reading values from the query string that must never reach the database malformed."""
from __future__ import annotations

import re

from django.http import QueryDict

# A row id: digits only (str.isdigit() also accepts "²" and "٣", which int() refuses), and at
# most 18 of them, so it fits a PostgreSQL bigint and int() never meets a 5,000-digit number.
ROW_ID = re.compile(r"[0-9]{1,18}")


def query_row_id(query: QueryDict, name: str) -> int | None:
    """``?replaces=12`` → 12; anything that is not a plausible row id → None (issue 11)."""
    value = query.get(name, "")
    return int(value) if ROW_ID.fullmatch(value) else None
