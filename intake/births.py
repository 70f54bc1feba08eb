"""Reading a new-birth file from the health trust (¶15; format in docs/import.md).

Pure reading and checking: bytes in, rows and per-line errors out, nothing written. Every
message is a constant the tests assert on, and none repeats a value from the file — the
report is kept, and must hold no person data.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from config.csv_safe import FORMULA_STARTS
from families import validators

# 10,000 rows of the trust's format are about 1.5 MB; anything beyond this is not a birth file.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
BOM = b"\xef\xbb\xbf"

COLUMNS = (
    "trust_record_id",
    "child_nhs_number",
    "child_first_name",
    "child_last_name",
    "child_date_of_birth",
    "mother_nhs_number",
    "mother_first_name",
    "mother_last_name",
    "mother_date_of_birth",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "objected",
)
OPTIONAL = frozenset({"child_first_name", "mother_nhs_number", "address_line_2"})
MAX_LENGTHS = {
    "trust_record_id": 40,
    "child_first_name": 100,
    "child_last_name": 100,
    "mother_first_name": 100,
    "mother_last_name": 100,
    "address_line_1": 200,
    "address_line_2": 200,
    "town": 100,
}
TEXT_COLUMNS = ("child_first_name", "child_last_name", "mother_first_name", "mother_last_name",
                "address_line_1", "address_line_2", "town")
TRUST_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_-]*\Z")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}

FILE_EMPTY = "The file is empty. Choose the CSV file of new births from the health trust"
FILE_TOO_BIG = "The file must be smaller than 5 MB. Split it into smaller files and upload each"
FILE_TOO_MANY_ROWS = "The file has more than 20,000 rows. Split it into smaller files and upload each"
FILE_NOT_UTF8 = (
    "The file is not saved as UTF-8 (the problem starts on line {line}). In your spreadsheet, save it "
    "as \"CSV UTF-8\" and upload it again"
)
FILE_BINARY = "The file is not a CSV file. Choose the CSV file of new births from the health trust"
FILE_NOT_CSV = "The file could not be read as CSV on line {line}: {problem}. Check the file and upload it again"
FILE_NO_ROWS = "The file has a header row but no births. Check you chose the right file"
FILE_MISSING_COLUMNS = "The file is missing these columns: {columns}. The columns are listed in the import guide"
FILE_UNKNOWN_COLUMNS = (
    "The file has columns the import does not know: {columns}. Remove them or rename them as in the import guide"
)
FILE_REPEATED_COLUMNS = "The file has these columns more than once: {columns}"

ROW_CELLS = "The row has {found} cells; the header has {expected}. Check for a missing or extra comma"
ROW_REQUIRED = "{column} is empty. Enter it"
ROW_TOO_LONG = "{column} is longer than {limit} characters"
ROW_FORMULA = "{column} starts with a character spreadsheets run as a formula (=, +, -, @). Remove it"
ROW_CONTROL = "{column} contains a control character. Remove it"
ROW_DATE = "{column} is not a real date. Write it as YYYY-MM-DD (2025-03-27) or DD/MM/YYYY (27/03/2025)"
ROW_TRUST_ID = "trust_record_id may contain only letters, digits, /, _ and -"
ROW_OBJECTED = "objected must be yes or no (or empty, meaning no)"
ROW_POSTCODE = "postcode is not a real postcode, like NR1 1AB"
ROW_NHS = "{column} is not a valid NHS number: it must be 10 digits with a correct check digit"
ROW_REPEATED_ID = "trust_record_id is the same as on line {line}: each birth must appear once"
ROW_REPEATED_NHS = "child_nhs_number is the same as on line {line}: each baby must appear once"
ROW_MOTHER_ELSEWHERE = (
    "mother_nhs_number belongs to someone registered at another centre, or not as a parent. Check the NHS number"
)
ROW_NO_CENTRE = "No children's centre's reach area covers this postcode (sector {sector})"


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "reason": self.reason}


@dataclass
class BirthRow:
    line: int
    trust_record_id: str
    child_nhs_number: str
    child_first_name: str
    child_last_name: str
    child_date_of_birth: dt.date
    mother_nhs_number: str
    mother_first_name: str
    mother_last_name: str
    mother_date_of_birth: dt.date
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    objected: bool
    centre_id: int | None = field(default=None)

    @property
    def sector(self) -> str:
        return self.postcode[:-2]


@dataclass
class ReadFile:
    rows: list[BirthRow]
    errors: list[RowError]
    file_error: str = ""
    total: int = 0


class FileRefused(Exception):
    """The whole file is unusable: nothing in it is read further."""


ISO_DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
UK_DATE_RE = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\Z")


def parse_date(text: str) -> dt.date:
    """``2025-03-27`` or ``27/03/2025`` (read by hand: ``strptime`` is too slow for 10,000 rows)."""
    text = text.strip()
    if match := ISO_DATE_RE.match(text):
        year, month, day = match.groups()
    elif match := UK_DATE_RE.match(text):
        day, month, year = match.groups()
    else:
        raise ValueError(text)
    return dt.date(int(year), int(month), int(day))  # ValueError for 31 February


def nhs_number(text: str) -> str:
    """The ten digits (``943 476 5919`` is read as ``9434765919``), checked by the one NHS number rule."""
    return validators.normalise_nhs_number(text)


def _decode(data: bytes) -> str:
    if not data.strip(BOM + b" \r\n\t"):
        raise FileRefused(FILE_EMPTY)
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(FILE_TOO_BIG)
    # A byte-order mark (Excel's "CSV UTF-8") is accepted and dropped: it is not part of the header.
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileRefused(FILE_NOT_UTF8.format(line=data[: error.start].count(b"\n") + 1)) from error
    if "\x00" in text:
        raise FileRefused(FILE_BINARY)
    return text


def _header(names: list[str]) -> list[str]:
    names = [n.strip().lower() for n in names]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise FileRefused(FILE_REPEATED_COLUMNS.format(columns=", ".join(repeated)))
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise FileRefused(FILE_MISSING_COLUMNS.format(columns=", ".join(missing)))
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        # Names the file gave are not repeated into the page: they are counted and shown safely escaped.
        raise FileRefused(FILE_UNKNOWN_COLUMNS.format(columns=", ".join(n[:40] for n in unknown[:5])))
    return names


REQUIRED_AT = [i for i, c in enumerate(COLUMNS) if c not in OPTIONAL and c != "objected"]
LIMITS_AT = [(COLUMNS.index(c), limit) for c, limit in MAX_LENGTHS.items()]
TEXT_AT = [COLUMNS.index(c) for c in TEXT_COLUMNS]


def _cell_problem(texts: list[str]) -> str:
    """The first cell, in column order, that is empty, holds a control character, is too long or
    starts like a formula ("" if none)."""
    for column, text in zip(COLUMNS, texts, strict=True):
        if not text and column not in OPTIONAL and column != "objected":
            return ROW_REQUIRED.format(column=column)
        if CONTROL_RE.search(text):
            return ROW_CONTROL.format(column=column)
        limit = MAX_LENGTHS.get(column)
        if limit and len(text) > limit:
            return ROW_TOO_LONG.format(column=column, limit=limit)
        if column in TEXT_COLUMNS and text.startswith(FORMULA_STARTS):
            return ROW_FORMULA.format(column=column)
    return ""


def _row(
    line: int, texts: list[str], postcode_centres: dict[str, int], today: dt.date
) -> tuple[BirthRow | None, str]:
    """``texts``: the row's cells in ``COLUMNS`` order, stripped."""
    # The whole row checked at once first (a newline joins them: cells may hold one, and it is not
    # a control character here); only a row that fails is checked cell by cell, to name the cell.
    if (
        CONTROL_RE.search("\n".join(texts))
        or not all(texts[i] for i in REQUIRED_AT)
        or any(len(texts[i]) > limit for i, limit in LIMITS_AT)
        or any(texts[i].startswith(FORMULA_STARTS) for i in TEXT_AT)
    ):
        return None, _cell_problem(texts)
    values: dict[str, object] = dict(zip(COLUMNS, texts, strict=True))
    if not TRUST_ID_RE.match(values["trust_record_id"]):
        return None, ROW_TRUST_ID
    for column in ("child_date_of_birth", "mother_date_of_birth"):
        try:
            values[column] = parse_date(values[column])
        except ValueError:
            return None, ROW_DATE.format(column=column)
    for column in ("child_nhs_number", "mother_nhs_number"):
        if values[column]:
            try:
                values[column] = nhs_number(values[column])
            except ValidationError:
                return None, ROW_NHS.format(column=column)
    objected = values["objected"].lower()
    if objected not in YES | NO:
        return None, ROW_OBJECTED
    values["objected"] = objected in YES
    try:
        values["postcode"] = validators.normalise_postcode(values["postcode"])
    except ValidationError:
        return None, ROW_POSTCODE
    try:
        validators.validate_child_birth_date(values["child_date_of_birth"], today)
    except ValidationError as error:
        return None, f"child_date_of_birth: {error.messages[0]}"
    try:
        validators.validate_carer_birth_date(values["mother_date_of_birth"], today)
    except ValidationError as error:
        return None, f"mother_date_of_birth: {error.messages[0]}"
    row = BirthRow(line=line, **values)
    row.centre_id = postcode_centres.get(row.sector)
    if row.centre_id is None and not row.objected:
        return None, ROW_NO_CENTRE.format(sector=row.sector)
    return row, ""


def read(data: bytes, *, postcode_centres: dict[str, int]) -> ReadFile:
    """Every row checked; ``file_error`` when the whole file is refused. ``postcode_centres``:
    postcode sector → the centre whose reach area it is (the family's local centre, ¶15)."""
    try:
        text = _decode(data)
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = _header(next(reader))
        except StopIteration as error:
            raise FileRefused(FILE_EMPTY) from error
        order = [header.index(column) for column in COLUMNS]
        rows, errors, total = [], [], 0
        today = timezone.localdate()
        first_line_of_id: dict[str, int] = {}
        first_line_of_nhs: dict[str, int] = {}
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                raise FileRefused(FILE_NOT_CSV.format(line=reader.line_num, problem=str(error))) from error
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue  # a blank line (often the last) is not a birth
            total += 1
            if total > MAX_ROWS:
                raise FileRefused(FILE_TOO_MANY_ROWS)
            if len(cells) != len(header):
                errors.append(RowError(line, ROW_CELLS.format(found=len(cells), expected=len(header))))
                continue
            row, problem = _row(line, [cells[i].strip() for i in order], postcode_centres, today)
            if row is None:
                errors.append(RowError(line, problem))
                continue
            if row.trust_record_id in first_line_of_id:
                errors.append(RowError(line, ROW_REPEATED_ID.format(line=first_line_of_id[row.trust_record_id])))
                continue
            if row.child_nhs_number in first_line_of_nhs:
                errors.append(RowError(line, ROW_REPEATED_NHS.format(line=first_line_of_nhs[row.child_nhs_number])))
                continue
            first_line_of_id[row.trust_record_id] = line
            first_line_of_nhs[row.child_nhs_number] = line
            rows.append(row)
        if total == 0:
            raise FileRefused(FILE_NO_ROWS)
        return ReadFile(rows=rows, errors=errors, total=total)
    except FileRefused as refused:
        return ReadFile(rows=[], errors=[], file_error=str(refused))
