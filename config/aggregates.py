"""Database helpers shared by the apps' selectors."""
from __future__ import annotations

from django.db.models import Aggregate, OuterRef, QuerySet, Subquery, TextField


class Joined(Aggregate):
    """A column's values joined with commas, by the database's own string aggregate.

    Lets a selector bring a row's many-to-many ids back in the same query as the row
    (a correlated subquery per row) instead of one extra query per relation.
    """

    function = "STRING_AGG"
    template = "%(function)s(%(distinct)s(%(expressions)s)::text, ',')"
    allow_distinct = True
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="GROUP_CONCAT", template="%(function)s(%(distinct)s%(expressions)s)",
            **extra_context,
        )


def joined_subquery(related: QuerySet, link: str, column: str) -> Subquery:
    """``column`` of the ``related`` rows whose ``link`` is the outer row, joined (see ``Joined``)."""
    return Subquery(
        related.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(joined=Joined(column))
        .values("joined")[:1],
        output_field=TextField(),
    )


def split_ids(joined: str | None) -> frozenset[int]:
    return frozenset(int(part) for part in joined.split(",")) if joined else frozenset()


def split_words(joined: str | None) -> frozenset[str]:
    return frozenset(joined.split(",")) if joined else frozenset()
