"""The one way the product writes CSV: every cell formula-safe (OWASP "CSV injection").

A spreadsheet opening an export runs a cell that starts with ``=``, ``+``, ``-``, ``@`` (or a
tab or carriage return before one) as a formula: ``=HYPERLINK("http://evil", "Click")`` in a
name or a reason would become a live link in a manager's spreadsheet. Every CSV the product
writes (the trail export, the import's error report, the benchmark's sample files) goes
through :func:`writer`, which prefixes such a cell with a single quote, so it is shown as text.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def formula_safe(value: object) -> str:
    """The cell's text, quoted with a leading ``'`` when a spreadsheet would run it as a formula.

    Leading spaces do not hide a formula from every spreadsheet, so they are looked through.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


class SafeWriter:
    """``csv.writer`` whose every cell is made formula-safe first."""

    def __init__(self, stream: _Writable, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([formula_safe(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: _Writable, **kwargs: Any) -> SafeWriter:
    """A CSV writer for anything the product hands to a person: use this, never ``csv.writer``."""
    return SafeWriter(stream, **kwargs)
