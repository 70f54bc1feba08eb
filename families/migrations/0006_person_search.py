"""Search as people type (issue 13): accent-, case- and apostrophe-blind names, misspellings, postcodes.

PostgreSQL only: ``unaccent`` and ``pg_trgm`` (both "trusted" extensions since PostgreSQL 13, so the
database owner may create them), an IMMUTABLE ``search_fold`` that folds a name as
``families.vocabulary.search_fold`` does, and two indexes the search uses:

- a GIN trigram index on ``search_fold(first_name || ' ' || last_name || ' ' || reference)``:
  serves the substring match (``LIKE '%siobhan%'``, references too) and the misspelling match
  (``name %> 'siobahn'``), so a search costs index probes, not a scan of every person, at 100k
  families;
- a btree on the postcode without its space (``text_pattern_ops``: prefix ``LIKE 'NR11%'``).

On SQLite (the zero-setup ``make run``) nothing is created: ``families.apps`` registers the Python
``search_fold`` on each connection, and misspellings are not matched.
"""
from django.db import migrations

FOLD = """
CREATE OR REPLACE FUNCTION search_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT replace(translate(lower(public.unaccent('public.unaccent'::regdictionary, coalesce(value, ''))),
                            '''’‘`´ʼ', ''), '-', ' ') $$
"""

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
    FOLD,
    "CREATE INDEX IF NOT EXISTS person_search_name_trgm ON families_person "
    "USING gin (search_fold(first_name || ' ' || last_name || ' ' || reference) public.gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS family_postcode_compact ON families_family "
    "(replace(postcode, ' ', '') text_pattern_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS family_postcode_compact",
    "DROP INDEX IF EXISTS person_search_name_trgm",
    "DROP FUNCTION IF EXISTS search_fold(text)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite: the Python fold is registered per connection (families.apps)
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [("families", "0005_working_together")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
