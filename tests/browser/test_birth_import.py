"""Issue 14: the new-birth import in the browser: errors by line, then the valid rows only."""
import pytest
from playwright.sync_api import expect

from demo.births import births_csv, sample_births_rows
from tests.browser.conftest import follow, sign_in, submit

pytestmark = pytest.mark.browser


def test_manager_uploads_a_file_with_errors_then_imports_the_valid_rows(page, demo_world, tmp_path):
    rows = sample_births_rows(rows=4, objected=1)
    rows[2]["postcode"] = "NR99"
    rows[3]["mother_first_name"] = "FORMULA"
    path = tmp_path / "births.csv"
    # Written raw: the product's own CSV writer would neutralise the formula (config/csv_safe.py).
    path.write_bytes(births_csv(rows).replace(b"FORMULA", b'"=HYPERLINK(""http://evil.example"",""Click"")"'))

    sign_in(page, "mgr.maya")
    expect(page.get_by_role("heading", level=1)).to_have_text("Families")
    follow(page, "Import new births from the health trust")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import new births from the health trust")

    # Nothing chosen: the error summary says so.
    submit(page, "Upload and check the file")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the CSV file of new births")

    # All or nothing (the default): two rows are wrong, so nothing is imported; each is listed by line.
    page.get_by_label("CSV file of new births").set_input_files(str(path))
    with page.expect_navigation(url="**/intake/births/*/"):
        page.get_by_role("button", name="Upload and check the file").click()
    expect(page.get_by_test_id("import-outcome")).to_have_text("Nothing imported: the file has errors")
    errors = page.get_by_test_id("row-errors")
    expect(errors).to_contain_text("postcode is not a real postcode")
    expect(errors).to_contain_text("mother_first_name starts with a character spreadsheets run as a formula")
    expect(errors.locator("tbody tr")).to_have_count(2)
    expect(errors.locator("tbody tr").first.locator("td").first).to_have_text("4")
    expect(page.get_by_test_id("created")).to_have_text("0")
    from tests.browser.conftest import check

    check(page)

    # The valid rows only: one new family, one family that objected (kept by the trust).
    follow(page, "Import another file")
    page.get_by_label("CSV file of new births").set_input_files(str(path))
    page.get_by_label("Import the valid rows and list the others").check()
    with page.expect_navigation(url="**/intake/births/*/"):
        page.get_by_role("button", name="Upload and check the file").click()
    check(page)
    expect(page.get_by_test_id("import-outcome")).to_have_text("Valid rows imported; rows with errors left out")
    expect(page.get_by_test_id("created")).to_have_text("1")

    # The same file again adds nothing.
    follow(page, "Import another file")
    page.get_by_label("CSV file of new births").set_input_files(str(path))
    page.get_by_label("Import the valid rows and list the others").check()
    with page.expect_navigation(url="**/intake/births/*/"):
        page.get_by_role("button", name="Upload and check the file").click()
    check(page)
    expect(page.get_by_test_id("created")).to_have_text("0")
    expect(page.get_by_test_id("already")).to_have_text("2")
