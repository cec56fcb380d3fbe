"""A story's authors and tags read in the story's own query, as JSON.

The story page read its story, its authors and its tags in three queries; on PostgreSQL each
round trip cost the worker and the server more CPU than the row it brought back. Here the
authors and the tags come as two JSON arrays in two extra columns of the story's row
(``json_agg`` on PostgreSQL, ``json_group_array`` on SQLite), and are turned back into model
instances as Django's own iterator would have built them (with the ORM internals that takes,
in compiled.py).
"""

import json

from django.db.models import Expression, Subquery, TextField

from .compiled import concrete_fields, from_rows, plain_queryset


class JSONRows(Expression):
    """The rows of ``queryset`` (correlated to the outer row with ``OuterRef``) as JSON text,
    in the order of ``order_by`` (column names): every column, or only ``fields`` (names)."""

    output_field = TextField()

    def __init__(self, queryset, order_by, fields=None):
        super().__init__(output_field=TextField())
        queryset = plain_queryset(queryset)
        self.model = queryset.model
        self.fields = fields
        self.subquery = Subquery(
            queryset.values(*[field.attname for field in concrete_fields(self.model, fields)]), output_field=TextField()
        )
        self.order_by = order_by

    def get_source_expressions(self):
        return [self.subquery]

    def set_source_expressions(self, expressions):
        (self.subquery,) = expressions

    def as_sql(self, compiler, connection):
        inner, params = compiler.compile(self.subquery)
        quote = connection.ops.quote_name
        pairs = ", ".join(
            f"'{field.column}', labels.{quote(field.column)}" for field in concrete_fields(self.model, self.fields)
        )
        order = ", ".join(f"labels.{quote(column)}" for column in self.order_by)
        if connection.vendor == "postgresql":
            sql = (
                f"(SELECT COALESCE(json_agg(json_build_object({pairs}) ORDER BY {order}), '[]')::text "
                f"FROM {inner} labels)"
            )
        else:
            # SQLite aggregates in the order the rows come (it has no ORDER BY inside an
            # aggregate before 3.44).
            sql = (
                f"(SELECT json_group_array(json_object({pairs})) "
                f"FROM (SELECT * FROM {inner} labels ORDER BY {order}) labels)"
            )
        return sql, params


def instances(model, text, using="default", fields=None):
    """The model instances JSONRows wrote as ``text`` (with the columns it left out deferred)."""
    return from_rows(model, concrete_fields(model, fields), json.loads(text or "[]"), using)
