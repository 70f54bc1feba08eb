"""The database itself refuses to change or remove history (issue 10; docs/audit.md)."""
from __future__ import annotations

import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from audit.models import LogEntry
from audit.triggers import history_tables, protected_tables
from consent.models import (
    CapacityAssessment,
    Consent,
    ConsentWithdrawal,
    Objection,
    PrivacyNotice,
    Purpose,
)
from consent.services import consent_withdraw
from families.models import Person
from sharing import services
from sharing.loading import viewer_for
from sharing.models import Disclosure, Override, OverrideKind, OverrideReview, ReviewOutcome

REFUSED = "is append-only history"
# Named here, so that the test fails if one of them stops being history (history_tables() is
# derived from the models, and could otherwise shrink unnoticed).
HISTORY_TABLES = [
    "accounts_secondfactorreset",
    "audit_logentry",
    "consent_capacityassessment",
    "consent_consent",
    "consent_consent_agencies",
    "consent_consent_purposes",
    "consent_consent_subjects",
    "consent_consentwithdrawal",
    "consent_objection",
    "consent_objection_subjects",
    "consent_objectionwithdrawal",
    "consent_privacynotice",
    "families_assessment",
    "families_familytransfer",
    "families_involvement",
    "families_involvementend",
    "families_leadprofessional",
    "families_meeting",
    "families_meeting_family_present",
    "families_meeting_practitioners",
    "families_meetingaction",
    "families_meetingactiondone",
    "families_noteamendment",
    "families_reviewcontact",
    "intake_birthimport",
    "intake_birthrecord",
    "intake_notificationdecision",
    "sharing_disclosure",
    "sharing_notificationdisclosure",
    "sharing_override",
    "sharing_overrideapproval",
    "sharing_overrideend",
    "sharing_overridereview",
    "sharing_referral",
    "sharing_referralevent",
    "sharing_subjectaccessevent",
    "sharing_subjectaccessrequest",
    "sharing_trailaccess",
]


def count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        return cursor.fetchone()[0]


def refused(sql: str) -> str:
    """Run ``sql`` in a savepoint; return the database's refusal (the test fails if it is accepted)."""
    if sql.startswith("TRUNCATE"):
        check_foreign_keys_now()
    with pytest.raises(IntegrityError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    return str(error.value)


def check_foreign_keys_now() -> None:
    """PostgreSQL will not TRUNCATE a table with foreign-key checks still pending (Django defers
    them to the commit, which a test never reaches): run them now."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_every_history_table_carries_the_triggers(db):
    assert history_tables() == HISTORY_TABLES
    assert set(HISTORY_TABLES) <= protected_tables(connection)


@pytest.mark.parametrize(
    "statement",
    [
        'UPDATE "{table}" SET id = id WHERE id = (SELECT min(id) FROM "{table}")',
        'DELETE FROM "{table}" WHERE id = (SELECT max(id) FROM "{table}")',
        'TRUNCATE "{table}" CASCADE',
    ],
    ids=["update", "delete", "truncate"],
)
def test_raw_sql_cannot_change_or_remove_history(history, statement):
    for table in HISTORY_TABLES:
        before = count(table)
        assert before > 0, f"{table} has no row to try on"
        message = refused(statement.format(table=table))
        assert f"{table} {REFUSED}" in message
        assert count(table) == before


def test_the_issue_s_raw_sql_edits_are_refused(history):
    """The tampering reported in issue 10, tried on the demo world."""
    fisher_withdrawal = ConsentWithdrawal.objects.get(consent__family__reference="FIS")
    assert REFUSED in refused(f"DELETE FROM consent_consentwithdrawal WHERE id = {fisher_withdrawal.pk}")
    green = Consent.objects.get(family__reference="GRE")
    assert REFUSED in refused(f"UPDATE consent_consent SET decision = 'given' WHERE id = {green.pk}")
    assert REFUSED in refused("DELETE FROM sharing_disclosure WHERE id IN (SELECT id FROM sharing_disclosure LIMIT 34)")
    override = Override.objects.first()
    assert REFUSED in refused(
        f"UPDATE sharing_override SET justification = 'routine', expires_at = expires_at + interval '1 year' "
        f"WHERE id = {override.pk}"
    )


@pytest.mark.parametrize(
    "model",
    [Disclosure, Override, OverrideReview, Consent, ConsentWithdrawal, Objection, CapacityAssessment,
     PrivacyNotice, LogEntry],
)
def test_the_base_manager_cannot_update_or_delete_history(history, model):
    # _base_manager is a plain Manager: it bypasses the append-only queryset, not the database.
    row = model._base_manager.order_by("-pk").first()
    with pytest.raises(IntegrityError, match=REFUSED), transaction.atomic():
        model._base_manager.filter(pk=row.pk).update(id=row.pk)
    if model in (Disclosure, OverrideReview, ConsentWithdrawal, PrivacyNotice, LogEntry):
        # Rows nothing else points at: the delete reaches the database (others stop at PROTECT).
        with pytest.raises(IntegrityError, match=REFUSED), transaction.atomic():
            model._base_manager.filter(pk=row.pk).delete()
    assert model._base_manager.filter(pk=row.pk).exists()


def test_many_to_many_links_are_never_removed(history):
    consent = Consent.objects.filter(subjects__isnull=False).first()
    subjects = set(consent.subjects.values_list("pk", flat=True))
    with pytest.raises(IntegrityError, match=REFUSED), transaction.atomic():
        consent.subjects.clear()
    with pytest.raises(IntegrityError, match=REFUSED), transaction.atomic():
        consent.purposes.remove(*Purpose.objects.all())
    objection = Objection.objects.first()
    with pytest.raises(IntegrityError, match=REFUSED), transaction.atomic():
        objection.subjects.clear()
    assert set(consent.subjects.values_list("pk", flat=True)) == subjects


def test_the_maintenance_setting_lets_only_the_owner_truncate(history):
    """audit.maintenance = 'on' opens TRUNCATE to the table's owner (test teardown), not to a role
    that merely holds privileges on the table, as the application's role would."""
    role = f"audit_app_{uuid.uuid4().hex[:12]}"  # unique: roles are shared by the whole cluster
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON sharing_disclosure TO {role}")
        cursor.execute("SELECT set_config('audit.maintenance', 'on', true)")
    check_foreign_keys_now()
    with pytest.raises(IntegrityError, match=REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute("TRUNCATE sharing_disclosure")
    # Even with privileges granted by mistake, the trigger refuses changes to the application's role.
    with pytest.raises(IntegrityError, match=REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute("DELETE FROM sharing_disclosure")
    assert Disclosure.objects.exists()
    # The owner (here the superuser test connection) may TRUNCATE in that transaction only.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE sharing_disclosure")
        assert count("sharing_disclosure") == 0
        transaction.set_rollback(True)
    assert Disclosure.objects.exists()


def test_flush_empties_history_only_where_the_settings_allow(history, settings):
    settings.AUDIT_FLUSH_HISTORY = False
    check_foreign_keys_now()
    with pytest.raises(CommandError) as error, transaction.atomic():
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    assert REFUSED in str(error.value.__cause__)
    assert Disclosure.objects.exists() and LogEntry.objects.exists()
    settings.AUDIT_FLUSH_HISTORY = True  # the test settings: pytest-django's teardown of browser tests
    with transaction.atomic():
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        assert not Disclosure.objects.exists() and not LogEntry.objects.exists()
        transaction.set_rollback(True)
    assert Disclosure.objects.exists()


def test_auditlogflush_is_refused(history):
    from audit.management.commands.auditlogflush import AUDITLOGFLUSH_REFUSED

    entries = LogEntry.objects.count()
    for args in [("-y",), ("--yes", "--truncate"), ("-y", "--before-date", "2030-01-01")]:
        with pytest.raises(CommandError) as error:
            call_command("auditlogflush", *args)
        assert str(error.value) == AUDITLOGFLUSH_REFUSED
        assert error.value.returncode == 1
    assert LogEntry.objects.count() == entries > 0


def test_the_application_role_reads_and_adds_history_and_nothing_more(history, client_for, user):
    """docs/deploy.md: the role the application connects as, granted by ``audit_grants``, serves a
    page (the disclosures written, chained) but has no privilege to change history."""
    from io import StringIO

    from django.db import ProgrammingError

    role = f"audit_app_{uuid.uuid4().hex[:12]}"
    sql = StringIO()
    call_command("audit_grants", "--role", role, stdout=sql)
    client = client_for("fsw.frank")  # signs in (the session is written) before the role changes
    check_foreign_keys_now()
    before = Disclosure.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(sql.getvalue())
        cursor.execute(f"SET LOCAL ROLE {role}")
    assert client.get("/families/ADA/").status_code == 200
    assert Disclosure.objects.count() > before
    # The workflows that lock a row before adding history lock rows the role may lock.
    consent_withdraw(consent=Consent.objects.get(family__reference="ADA"), recorded_by=user("hv.hana"))
    second = services.override_open(
        viewer=viewer_for(user("fsw.frank")), subject=Person.objects.get(reference="BRO-C1"),
        kind=OverrideKind.PUBLIC_INTEREST, categories=["basic"], justification="Risk of harm",
        discussed_with="line_manager", discussed_with_name="Maya Mills",
    )
    services.override_review(override=second, reviewer=user("mgr.maya"), outcome=ReviewOutcome.JUSTIFIED)
    for statement in ["UPDATE sharing_disclosure SET reason = 'x'", "DELETE FROM consent_consentwithdrawal",
                      "TRUNCATE audit_logentry", "ALTER TABLE sharing_disclosure DISABLE TRIGGER USER"]:
        with pytest.raises(ProgrammingError, match="permission denied|must be owner"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "Every chain is intact." in out.getvalue()
