"""Bulk new-birth data from the health trust (¶15; docs/import.md): services and the malformed-CSV suite."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.chain import chained_models, walk
from audit.models import LogEntry
from demo.births import births_csv, nhs_number, sample_births_csv, sample_births_rows
from families.models import CarerLink, Family, FamilyGroupObjectPermission, Person
from intake import births
from intake.models import BirthImport, BirthRecord
from intake.services import births_import
from intake.vocabulary import BirthOutcome, ImportMode, ImportOutcome

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "new_births_sample.csv"


def _import(user, data: bytes, mode=ImportMode.ALL_OR_NOTHING, name="births.csv"):
    return births_import(uploaded_by=user, file_name=name, data=data, mode=mode)


def _counts() -> tuple[int, int, int, int]:
    return Family.objects.count(), Person.objects.count(), CarerLink.objects.count(), BirthRecord.objects.count()


def test_the_sample_file_in_tests_imports(user):
    record = _import(user("mgr.maya"), SAMPLE.read_bytes(), name=SAMPLE.name)
    assert record.outcome == ImportOutcome.IMPORTED, record.row_errors
    assert (record.rows, record.created, record.objected, record.row_error_count) == (5, 4, 1, 0)


def test_importing_registers_families_with_reach_and_a_change_log(user):
    maya = user("mgr.maya")
    log_before = LogEntry.objects.count()
    record = _import(maya, sample_births_csv(rows=3, sectors=("NR1 1", "NR3 1")))
    assert record.outcome == ImportOutcome.IMPORTED and record.created == 3
    babies = [r.child for r in BirthRecord.objects.filter(birth_import=record).select_related("child__family__centre")]
    centres = sorted(b.family.centre.slug for b in babies)
    # ¶15: each family goes to its local centre, by the reach area of its postcode.
    assert centres == ["hillview-childrens-centre", "riverside-childrens-centre", "riverside-childrens-centre"]
    for baby in babies:
        mother = baby.carer_links.get().carer
        assert baby.carer_links.get().parental_responsibility and mother.kind == "adult"
        assert baby.nhs_number and mother.nhs_number
        assert FamilyGroupObjectPermission.objects.filter(
            content_object=baby.family, group=baby.family.centre.group
        ).count() == 2
        assert baby.family.reference.startswith(baby.family.centre.name[:3].upper())
    # One created entry per family, person and carer link, by the uploader (auditlog sees no bulk_create).
    created = LogEntry.objects.filter(pk__gt=0).order_by("-pk")[: LogEntry.objects.count() - log_before]
    kinds = sorted(e.content_type.model for e in created)
    assert kinds == ["carerlink"] * 3 + ["family"] * 3 + ["person"] * 6
    assert {e.actor_id for e in created} == {maya.pk} and {e.action for e in created} == {0}


def test_the_change_log_chain_still_verifies_after_an_import(user):
    _import(user("mgr.maya"), sample_births_csv(rows=5))
    for model in chained_models():
        assert walk(model).intact, model


def test_the_change_log_keeps_values_that_json_must_escape(user):
    """The bulk change log writes its JSON by hand where nothing needs escaping: a quote, a
    backslash and a tab inside a cell take json's own path, and the chain still verifies."""
    rows = sample_births_rows(rows=2)
    rows[0]["address_line_2"] = 'Flat "B"\\back\tside'
    record = _import(user("mgr.maya"), births_csv(rows))
    assert record.created == 2, record.row_errors
    family = Family.objects.get(address_line_2='Flat "B"\\back\tside')
    entry = LogEntry.objects.get(content_type__model="family", object_id=family.pk)
    assert entry.changes["address_line_2"] == ["None", 'Flat "B"\\back\tside']
    for model in chained_models():
        assert walk(model).intact, model


def test_the_same_file_twice_adds_nothing(user):
    data = sample_births_csv(rows=4, objected=1)
    first = _import(user("mgr.maya"), data)
    before = _counts()
    second = _import(user("hv.hana"), data)
    assert (second.created, second.already_imported, second.objected) == (0, 4, 0)
    assert second.outcome == ImportOutcome.IMPORTED and _counts() == before
    assert first.created == 3


def test_a_baby_already_registered_by_nhs_number_is_not_added_again(user):
    rows = sample_births_rows(rows=1)
    _import(user("mgr.maya"), births_csv(rows))
    rows[0]["trust_record_id"] = "OTHER-1"  # another record id, the same baby
    record = _import(user("mgr.maya"), births_csv(rows))
    assert (record.created, record.already_imported) == (0, 1)


def test_a_second_baby_joins_the_mothers_family(user):
    first = sample_births_rows(rows=1)
    _import(user("mgr.maya"), births_csv(first))
    sibling = sample_births_rows(rows=1, start=50)[0]
    sibling["mother_nhs_number"] = first[0]["mother_nhs_number"]
    record = _import(user("mgr.maya"), births_csv([sibling]))
    assert record.created == 1
    entry = BirthRecord.objects.get(birth_import=record)
    assert entry.outcome == BirthOutcome.ADDED_TO_FAMILY
    assert entry.child.reference.endswith("-C2")
    assert entry.child.family.people.filter(kind="adult").count() == 1


def test_a_family_that_objected_is_kept_by_health_only(user):
    """¶15: a clear channel to object. The centre keeps only the trust's record id."""
    before = _counts()
    record = _import(user("mgr.maya"), sample_births_csv(rows=2, objected=2))
    assert (record.created, record.objected) == (0, 2)
    assert _counts()[:3] == before[:3]
    kept = BirthRecord.objects.filter(birth_import=record)
    assert {(r.outcome, r.child_id) for r in kept} == {(BirthOutcome.OBJECTED, None)}


def test_all_or_nothing_writes_nothing_when_a_row_is_wrong(user):
    rows = sample_births_rows(rows=3)
    rows[1]["postcode"] = "NR1"
    before = _counts()
    record = _import(user("mgr.maya"), births_csv(rows))
    assert record.outcome == ImportOutcome.REJECTED and record.created == 0
    assert record.row_errors == [{"line": 3, "reason": births.ROW_POSTCODE}]
    assert _counts() == before


def test_valid_rows_only_imports_the_rest(user):
    rows = sample_births_rows(rows=3)
    rows[1]["child_date_of_birth"] = "31/02/2025"
    record = _import(user("mgr.maya"), births_csv(rows), mode=ImportMode.VALID_ONLY)
    assert record.outcome == ImportOutcome.PARTLY_IMPORTED and record.created == 2
    assert record.row_errors == [{"line": 3, "reason": births.ROW_DATE.format(column="child_date_of_birth")}]


# --- The malformed-CSV suite: a clear message, and nothing written ---------------------------------

HEADER = ",".join(births.COLUMNS)


def _raw_row(**changes) -> str:
    row = sample_births_rows(rows=1, start=900)[0] | changes
    return ",".join(row[c] for c in births.COLUMNS)


FILE_CASES = {
    "empty": (b"", births.FILE_EMPTY),
    "only blank lines": (b"\r\n\r\n", births.FILE_EMPTY),
    "header only": ((HEADER + "\r\n").encode(), births.FILE_NO_ROWS),
    "missing column": (
        (HEADER.replace(",objected", "") + "\r\n" + _raw_row().rsplit(",", 1)[0]).encode(),
        births.FILE_MISSING_COLUMNS.format(columns="objected"),
    ),
    "unknown column": (
        (HEADER + ",ethnicity\r\n" + _raw_row() + ",x").encode(),
        births.FILE_UNKNOWN_COLUMNS.format(columns="ethnicity"),
    ),
    "repeated column": (
        (HEADER + ",town\r\n" + _raw_row() + ",Norwich").encode(),
        births.FILE_REPEATED_COLUMNS.format(columns="town"),
    ),
    "not UTF-8 (Windows-1252)": (
        (HEADER + "\r\n" + _raw_row(mother_first_name="Zoë")).encode("cp1252"),
        births.FILE_NOT_UTF8.format(line=2),
    ),
    "binary": (b"\x00\x01\x02" * 10, births.FILE_BINARY),
    "unterminated quote": ((HEADER + '\r\n"' + _raw_row()).encode(), None),
    "too big": (b"x" * (births.MAX_FILE_BYTES + 1), births.FILE_TOO_BIG),
}


@pytest.mark.parametrize("case", FILE_CASES, ids=list(FILE_CASES))
def test_a_malformed_file_is_refused_whole(user, case):
    data, message = FILE_CASES[case]
    before = _counts(), BirthImport.objects.count()
    result = _import(user("mgr.maya"), data)
    assert isinstance(result, str)
    if message is not None:
        assert result == message
    else:
        assert result.startswith("The file could not be read as CSV")
    assert (_counts(), BirthImport.objects.count()) == before


def test_a_byte_order_mark_is_read_past(user):
    """Excel's "CSV UTF-8" starts with a BOM: the header is still recognised."""
    record = _import(user("mgr.maya"), births.BOM + sample_births_csv(rows=2))
    assert record.outcome == ImportOutcome.IMPORTED and record.created == 2


ROW_CASES = {
    "bad child date": (dict(child_date_of_birth="2025-13-01"), births.ROW_DATE.format(column="child_date_of_birth")),
    "words for a date": (dict(mother_date_of_birth="last May"), births.ROW_DATE.format(column="mother_date_of_birth")),
    "future birth": (
        dict(child_date_of_birth=(dt.date.today() + dt.timedelta(days=3)).isoformat()), "child_date_of_birth: "
    ),
    "bad postcode": (dict(postcode="NR99"), births.ROW_POSTCODE),
    "postcode outside every reach area": (dict(postcode="SW1A 1AA"), births.ROW_NO_CENTRE.format(sector="SW1A 1")),
    "bad NHS check digit": (
        dict(child_nhs_number=nhs_number(5)[:9] + str((int(nhs_number(5)[9]) + 1) % 10)),
        births.ROW_NHS.format(column="child_nhs_number"),
    ),
    "short NHS number": (dict(mother_nhs_number="12345"), births.ROW_NHS.format(column="mother_nhs_number")),
    "missing surname": (dict(child_last_name=""), births.ROW_REQUIRED.format(column="child_last_name")),
    "formula in a name": (
        dict(mother_first_name='"=HYPERLINK(""http://evil.example"",""Click"")"'),
        births.ROW_FORMULA.format(column="mother_first_name"),
    ),
    "formula with a plus": (dict(address_line_1="+44 Evil Road"), births.ROW_FORMULA.format(column="address_line_1")),
    "control character": (dict(town="Nor\x07wich"), births.ROW_CONTROL.format(column="town")),
    "too long": (dict(town="N" * 101), births.ROW_TOO_LONG.format(column="town", limit=100)),
    # Several problems: the first, in the import guide's column order, is the one named.
    "two problems": (
        dict(child_last_name="", town="=cmd"), births.ROW_REQUIRED.format(column="child_last_name")
    ),
    "a control character before a formula": (
        dict(child_first_name="Al\x01fie", address_line_1="@SUM(A1)"),
        births.ROW_CONTROL.format(column="child_first_name"),
    ),
    "objected neither yes nor no": (dict(objected="maybe"), births.ROW_OBJECTED),
    "bad record id": (dict(trust_record_id="<script>"), births.ROW_TRUST_ID),
}


@pytest.mark.parametrize("case", ROW_CASES, ids=list(ROW_CASES))
def test_a_malformed_row_is_reported_by_line_and_nothing_is_written(user, case):
    changes, message = ROW_CASES[case]
    data = (HEADER + "\r\n" + _raw_row() + "\r\n" + _raw_row(**changes).replace("900", "901", 1) + "\r\n").encode()
    before = _counts()
    record = _import(user("mgr.maya"), data)
    assert record.outcome == ImportOutcome.REJECTED
    assert [e["line"] for e in record.row_errors] == [3]
    assert record.row_errors[0]["reason"].startswith(message)
    assert _counts() == before


def test_a_row_with_too_few_cells(user):
    data = (HEADER + "\r\n" + _raw_row().rsplit(",", 2)[0] + "\r\n").encode()
    record = _import(user("mgr.maya"), data)
    assert record.row_errors == [{"line": 2, "reason": births.ROW_CELLS.format(found=12, expected=14)}]


def test_repeated_rows_in_one_file(user):
    rows = sample_births_rows(rows=2)
    rows[1]["trust_record_id"] = rows[0]["trust_record_id"]
    record = _import(user("mgr.maya"), births_csv(rows))
    assert record.row_errors == [{"line": 3, "reason": births.ROW_REPEATED_ID.format(line=2)}]


def test_no_value_from_the_file_is_kept_in_the_report(user):
    rows = sample_births_rows(rows=2)
    rows[0]["postcode"] = "ZZ SECRET"
    rows[1]["mother_first_name"] = "=Secretname"
    record = _import(user("mgr.maya"), births_csv(rows), mode=ImportMode.VALID_ONLY)
    assert "SECRET" not in str(record.row_errors).upper()


# --- Pages ----------------------------------------------------------------------------------------


def test_upload_page_with_errors_and_the_report(client_for):
    client = client_for("hv.hana")
    rows = sample_births_rows(rows=2)
    rows[1]["child_nhs_number"] = "1234567890"
    upload = SimpleUploadedFile("births.csv", births_csv(rows), content_type="text/csv")
    response = client.post("/intake/births/", {"file": upload, "mode": ImportMode.ALL_OR_NOTHING})
    record = BirthImport.objects.get(uploaded_by__username="hv.hana")
    assert response.status_code == 302 and response.url == f"/intake/births/{record.pk}/"
    page = client.get(response.url).content.decode()
    assert "Nothing was imported" in page and births.ROW_NHS.format(column="child_nhs_number") in page
    assert client_for("mgr.maya").get(response.url).status_code == 404  # the uploader's alone


def test_a_refused_file_is_shown_on_the_form(client_for):
    upload = SimpleUploadedFile("births.csv", b"name,age\r\nx,1\r\n", content_type="text/csv")
    response = client_for("mgr.maya").post("/intake/births/", {"file": upload, "mode": ImportMode.ALL_OR_NOTHING})
    assert response.status_code == 200
    assert "The file is missing these columns" in response.content.decode()
    assert not BirthImport.objects.exists()


def test_an_empty_upload_is_refused(client_for):
    upload = SimpleUploadedFile("births.csv", b"", content_type="text/csv")
    response = client_for("mgr.maya").post("/intake/births/", {"file": upload, "mode": ImportMode.ALL_OR_NOTHING})
    assert response.status_code == 200 and births.FILE_EMPTY in response.content.decode()


def test_report_page_queries(client_for, user, assert_request_queries):
    """session, user + membership, device, the import."""
    record = _import(user("mgr.maya"), sample_births_csv(rows=1))
    client = client_for("mgr.maya")
    with assert_request_queries(4):
        assert client.get(f"/intake/births/{record.pk}/").status_code == 200


def test_upload_page_queries(client_for, assert_request_queries):
    client = client_for("mgr.maya")
    with assert_request_queries(3):
        assert client.get("/intake/births/").status_code == 200
