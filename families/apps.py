from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _register_search_fold(sender, connection, **kwargs) -> None:
    """SQLite has no ``unaccent``: the search's ``search_fold`` is the Python one (migration 0005
    creates it in PostgreSQL)."""
    if connection.vendor == "sqlite":
        from families.vocabulary import search_fold

        connection.connection.create_function("search_fold", 1, search_fold, deterministic=True)


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = "Families, children, carers and notes"

    def ready(self) -> None:
        connection_created.connect(_register_search_fold, dispatch_uid="families.search_fold")
        from auditlog.registry import auditlog

        from families.models import CarerLink, Family, Note, NoteAmendment, Person, ReviewContact

        # Change history for everything a family record holds (django-auditlog).
        auditlog.register(Family)
        # NHS number and phone are other personal details (issue 13): never in the change log in clear.
        auditlog.register(Person, mask_fields=["nhs_number", "phone"])
        auditlog.register(CarerLink)
        # Note text is sensitive (¶17): the change log records that it changed, never the words
        # (issue 10: "note text never sits in the change log in clear").
        auditlog.register(Note, mask_fields=["text"])  # concealed whole (audit.masking)
        auditlog.register(ReviewContact, mask_fields=["present", "note"])
        # An amendment's words and its reason are as sensitive as the note (issue 13).
        auditlog.register(NoteAmendment, mask_fields=["text", "reason"])
