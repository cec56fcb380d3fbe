"""A query compiled once per process and database, run with each request's values.

Django spends more CPU building a query than SQLite spends running it: the story page's
story, with its section, that section's parent and its photo, is some 120 columns, about
1.2 ms of CPU to compile on the project's machine for 0.1 ms in the database.
``CompiledQuery`` asks the ORM for the SQL once, with stand-in values for what changes
between requests (the time, the story's number), and then runs that SQL with each
request's values and turns the rows into instances as Django's own iterator does
(``select_related`` included). The SQL is the ORM's: which stories are public is still
decided by ``Article.objects.published()`` alone.

A query this cannot follow (a value it cannot find among the parameters,
a fetch mode that links peers) is simply run through the ORM every time.
"""

import sys
import threading
from datetime import UTC, datetime
from functools import cache, partial

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models.query import get_related_populators

# Two sets of stand-ins, so a parameter that differs between the two compilations is known
# to come from one of the values.
_STAND_INS = (
    {"now": datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC), "pk": 918273645},
    {"now": datetime(2002, 3, 4, 5, 6, 7, 890123, tzinfo=UTC), "pk": 546372819},
)


class Unsupported(Exception):
    pass


def _prepare(value, connection):
    # What a lookup hands the database for this value (SQLite gets datetimes as text).
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class _Compiled:
    def __init__(self, build, using):
        connection = connections[using]
        first, second = (build(**values) for values in _STAND_INS)
        compiler = first.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        other_sql, other_params = second.query.get_compiler(using=using).as_sql()
        if sql != other_sql or len(params) != len(other_params):
            raise Unsupported
        self.slots = []
        for index, (one, other) in enumerate(zip(params, other_params)):
            if one == other:
                continue
            names = [
                name
                for name in _STAND_INS[0]
                if one == _prepare(_STAND_INS[0][name], connection)
                and other == _prepare(_STAND_INS[1][name], connection)
            ]
            if len(names) != 1:
                raise Unsupported
            self.slots.append((index, names[0]))
        fetch_mode = first._fetch_mode
        if first._known_related_objects or fetch_mode.track_peers:
            raise Unsupported
        # Annotations are set on each instance under their names, as Django's iterator sets them.
        self.annotations = list(compiler.annotation_col_map.items())
        self.sql, self.params, self.using, self.compiler = sql, tuple(params), using, compiler
        select, klass_info = compiler.select, compiler.klass_info
        self.start, self.end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.from_db = partial(klass_info["model"].from_db, fetch_mode=fetch_mode)
        self.populators = get_related_populators(klass_info, select, using, fetch_mode)
        self.converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])

    def _rows(self, connection, params):
        with _cursor(connection) as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchall()

    def run(self, values):
        connection = connections[self.using]
        params = list(self.params)
        for index, name in self.slots:
            params[index] = _prepare(values[name], connection)
        try:
            rows = self._rows(connection, params)
        except DatabaseError:
            if not _connection_died(connection):
                raise
            connection.close()
            rows = self._rows(connection, params)
        # A query that worked is as good a health check as Django's own "SELECT 1".
        connection.health_check_done = True
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        objects = []
        for row in rows:
            instance = self.from_db(self.using, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, instance)
            for name, index in self.annotations:
                setattr(instance, name, row[index])
            objects.append(instance)
        return objects


def _connection_died(connection):
    """True when a query failed because the connection kept from an earlier request is dead
    (the database restarted): what Django's health check looks for before a request's first
    query, found here by the query itself, which is then safe to run once more."""
    return (
        connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
        and not connection.is_usable()
    )


def _cursor(connection):
    """A cursor for a compiled query: on PostgreSQL, one that runs it as a prepared statement.

    PostgreSQL then parses and plans the query once per connection instead of on every
    request (the story query's plan alone cost 0.17 ms of the server's CPU). Django leaves
    prepared statements off for the transaction-mode poolers that cannot keep them; behind
    one, set ``DATABASE_PREPARED_STATEMENTS=0``.
    """
    if connection.vendor != "postgresql" or not settings.NEWSROOM["PREPARED_STATEMENTS"]:
        return connection.cursor()
    # Django's health check is left to the query itself (see _connection_died).
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django's setting, which turns preparation off altogether. Django's own queries still
        # never reach this threshold; these queries ask for preparation from their first run.
        raw.prepare_threshold = sys.maxsize
    # As connection.cursor() does, with a cursor that binds on the server; Django's wrapper
    # still counts and logs the query.
    return connection._prepare_cursor(_prepared_cursor_class()(raw))


@cache
def _prepared_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparedCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparedCursor


class CompiledQuery:
    """``build(now=..., pk=...)`` gives the queryset; ``fetch(now=..., pk=...)`` its objects as a list."""

    def __init__(self, build, using="default"):
        self.build, self.using = build, using
        # Database connections belong to a thread, so do their compiled queries.
        self._local = threading.local()

    def _compiled(self):
        if not hasattr(self._local, "compiled"):
            try:
                self._local.compiled = _Compiled(self.build, self.using)
            except Unsupported:
                self._local.compiled = None
        return self._local.compiled

    def fetch(self, **values):
        compiled = self._compiled()
        if compiled is None:
            return list(self.build(**values).using(self.using))
        return compiled.run(values)
