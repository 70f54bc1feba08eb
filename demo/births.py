"""New-birth files in the health trust's format (docs/import.md), made up for the demo, the tests
and the benchmark. Every NHS number carries a correct modulus-11 check digit; names are invented."""
from __future__ import annotations

import datetime as dt
import io

from config import csv_safe
from intake.births import COLUMNS

FIRST_NAMES = ("Amara", "Ben", "Chloe", "Dev", "Ella", "Femi", "Gus", "Hana", "Isla", "Jai", "Kofi", "Lena")
MOTHER_NAMES = ("Zara", "Yasmin", "Wendy", "Vera", "Una", "Tessa", "Sita", "Rhea", "Priya", "Olga")
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
LAST_NAMES = ("Ashby", "Barker", "Cole", "Dunn", "Ellis", "Frost", "Gale", "Hart", "Irving", "Joyce", "Kemp")


def nhs_number(serial: int) -> str:
    """The ``serial``-th made-up NHS number, in the 999 range the NHS keeps for testing: nine digits
    and the modulus-11 check digit (a base whose check would be 10 moves on by one: the next has a
    different check, and the next serial's base is three further)."""
    base = 999_000_000 + serial * 3
    while True:
        digits = f"{base:09d}"
        total = sum(int(d) * (10 - i) for i, d in enumerate(digits))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check != 10:
            return digits + str(check)
        base += 1


def sample_births_rows(
    *, rows: int, start: int = 0, objected: int = 0, sectors: tuple[str, ...] = ("NR1 1", "NR1 2"),
    today: dt.date | None = None,
) -> list[dict[str, str]]:
    """``rows`` births (the first ``objected`` of them from families who objected), numbered from ``start``."""
    today = today or dt.date.today()
    out = []
    for n in range(start, start + rows):
        last = LAST_NAMES[n % len(LAST_NAMES)]
        out.append({
            "trust_record_id": f"NNUH-{n:07d}",
            "child_nhs_number": nhs_number(2 * n),
            "child_first_name": FIRST_NAMES[n % len(FIRST_NAMES)],
            "child_last_name": last,
            "child_date_of_birth": (today - dt.timedelta(days=1 + n % 200)).isoformat(),
            "mother_nhs_number": nhs_number(2 * n + 1),
            "mother_first_name": MOTHER_NAMES[n % len(MOTHER_NAMES)],
            "mother_last_name": last,
            "mother_date_of_birth": (today - dt.timedelta(days=365 * 24 + n % 4000)).strftime("%d/%m/%Y"),
            "address_line_1": f"{1 + n % 300} Trust Street",
            "address_line_2": "",
            "town": "Norwich",
            "postcode": f"{sectors[n % len(sectors)]}{UNIT_LETTERS[n % 20]}{UNIT_LETTERS[n // 20 % 20]}",
            "objected": "yes" if n - start < objected else "no",
        })
    return out


def births_csv(rows: list[dict[str, str]], *, columns: tuple[str, ...] = COLUMNS) -> bytes:
    """The rows as the trust's CSV file (UTF-8, a header row), written formula-safe (config/csv_safe.py)."""
    stream = io.StringIO(newline="")
    writer = csv_safe.writer(stream, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(row.get(column, "") for column in columns)
    return stream.getvalue().encode("utf-8")


def sample_births_csv(*, rows: int, start: int = 0, objected: int = 0, **kwargs) -> bytes:
    return births_csv(sample_births_rows(rows=rows, start=start, objected=objected, **kwargs))
