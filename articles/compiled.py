"""Every use of Django's private ORM internals in the project, in one place.

The story page is the site's busiest; five devices make its query cheaper than Django makes it.
Each relies on parts of Django that are not its documented API and may change in any release,
so they all live here, and ``check_orm_internals()`` (run when the articles app is ready) stops
the site from starting on a Django that no longer has them as used here.

1. **The story's query, compiled once** (``CompiledQuery``). The ORM builds the SQL once per
   process, thread and database, with stand-in values for what changes between requests (the
   time, the story's number); each request runs that SQL with its own values and turns the rows
   into instances as Django's own iterator does (``select_related`` and annotations included).
   The SQL is the ORM's: which stories are public is still decided by
   ``Article.objects.published()`` alone. Relies on ``Query.get_compiler(using=)``,
   ``SQLCompiler.as_sql()``, ``.select``, ``.klass_info``, ``.annotation_col_map``,
   ``.get_converters()``, ``.apply_converters()``, ``QuerySet._fetch_mode`` (and its
   ``track_peers``), ``QuerySet._known_related_objects``, ``django.db.models.query.
   get_related_populators()``, ``Model.from_db(..., fetch_mode=)`` and
   ``connection.ops.adapt_datetimefield_value()``. Gain: when it came, compiling the story's
   query (some 120 columns then) cost about 1.2 ms of the worker's CPU for 0.1 ms in the
   database; with device 2 it cut the server's CPU per story page on PostgreSQL from 0.70 to
   0.16 ms.
2. **Prepared statements on PostgreSQL** (``_cursor``). PostgreSQL parses and plans the compiled
   query once per connection instead of on every request: 0.42 ms of the 0.70 ms was planning
   the 88-column, four-table query. Relies on Django's ``ServerBindingCursor``,
   ``connection.connection`` (psycopg's own, its ``prepare_threshold`` and
   ``execute(prepare=True)``) and ``connection._prepare_cursor()``. Transaction-mode poolers
   (PgBouncer) cannot keep prepared statements: behind one, set
   ``DATABASE_PREPARED_STATEMENTS=0``.
3. **The query as the connection's health check** (``_connection_died``). A compiled query that
   worked counts as Django's health check, so the story page sends no ``SELECT 1``; one that
   failed on a connection that died between requests (the database restarted) is run once more
   on a new one. Relies on ``connection.health_check_enabled``, ``.health_check_done``,
   ``.in_atomic_block`` and ``.is_usable()``. Not measured on its own.
4. **Authors and tags as instances from the story's own row** (``from_rows``,
   ``concrete_fields``, ``plain_queryset``; the SQL is ``labels.JSONRows``). They come as JSON in
   two columns of the story's row, one query instead of three, and are built as the ORM's
   iterator builds them. Relies on ``Model._meta.concrete_fields``, ``QuerySet(query=)`` and
   ``Model.from_db()`` (documented, here fed rows the ORM did not read). Gain: 0.2 ms of the worker's CPU per
   story page on PostgreSQL.
5. **Labels kept as their managers' querysets** (``prefetched_queryset``, ``keep_prefetched``).
   A story's authors and tags are kept as ``prefetch_related()`` keeps them, with the filter on
   the story left to be built only if they are queried further, as related managers leave it:
   building the filter cost more than the query did (twice the queries' cost). Relies on
   ``QuerySet._defer_next_filter`` (honoured by ``filter()``), ``._result_cache``,
   ``._prefetch_done`` and the instance's ``_prefetched_objects_cache``, read by related
   managers (Django's and taggit's).

Nothing here falls back quietly: a query ``CompiledQuery`` cannot follow raises ``Unsupported``,
and an internal that is missing raises, rather than costing what the device saves unseen.
"""

import inspect
import sys
import threading
from datetime import UTC, datetime
from functools import cache, partial
from types import SimpleNamespace

import django
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model, QuerySet
from django.db.models import query as django_query
from django.db.models.options import Options
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler

# Two sets of stand-ins, so a parameter that differs between the two compilations is known
# to come from one of the values.
_STAND_INS = (
    {"now": datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC), "pk": 918273645},
    {"now": datetime(2002, 3, 4, 5, 6, 7, 890123, tzinfo=UTC), "pk": 546372819},
)


class Unsupported(Exception):
    """A query ``CompiledQuery`` cannot follow: run through the ORM it would lose the gain unseen."""


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
            raise Unsupported("its SQL changes with the values, not only its parameters")
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
                raise Unsupported(f"parameter {index} changes with the values but is not exactly one of them")
            self.slots.append((index, names[0]))
        fetch_mode = first._fetch_mode
        if first._known_related_objects or fetch_mode.track_peers:
            raise Unsupported("its instances are linked to known related objects or to their peers")
        # Annotations are set on each instance under their names, as Django's iterator sets them.
        self.annotations = list(compiler.annotation_col_map.items())
        self.sql, self.params, self.using, self.compiler = sql, tuple(params), using, compiler
        select, klass_info = compiler.select, compiler.klass_info
        self.start, self.end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.from_db = partial(klass_info["model"].from_db, fetch_mode=fetch_mode)
        self.populators = django_query.get_related_populators(klass_info, select, using, fetch_mode)
        self.converters = compiler.get_converters([column[0] for column in select])

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
    """A cursor for a compiled query: on PostgreSQL, one that runs it as a prepared statement,
    planned once per connection (device 2)."""
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
            self._local.compiled = _Compiled(self.build, self.using)
        return self._local.compiled

    def fetch(self, **values):
        return self._compiled().run(values)


def plain_queryset(queryset):
    """``queryset`` as a plain QuerySet of its model: modeltranslation's would rename the columns
    to the page's language."""
    return QuerySet(model=queryset.model, query=queryset.query)


def concrete_fields(model, attnames=None):
    """The fields ``model`` has columns for: all of them, or those whose attnames are given."""
    return [field for field in model._meta.concrete_fields if attnames is None or field.attname in attnames]


def from_rows(model, fields, rows, using):
    """``model`` instances from ``rows`` (mappings of column name to value) as the ORM's iterator
    builds them, with the fields not among ``fields`` deferred."""
    names = [field.attname for field in fields]
    return [model.from_db(using, names, [row[field.column] for field in fields]) for row in rows]


def prefetched_queryset(model, lookup, pk, objects):
    """The queryset ``model``'s manager gives, holding ``objects`` as if it had run, filtered on
    ``lookup=pk`` only if it is queried further: building the filter cost more than the query."""
    found = model._default_manager.get_queryset()
    found._defer_next_filter = True
    found = found.filter(**{lookup: pk})
    found._result_cache = objects
    found._prefetch_done = True
    return found


def keep_prefetched(instance, name, queryset):
    """Have ``instance``'s related manager ``name`` answer with ``queryset``, as after
    ``prefetch_related(name)``."""
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def check_orm_internals(relations=()):
    """Raise ImproperlyConfigured, naming each internal and the Django version, when the
    installed Django lacks one this module relies on or no longer uses it as relied on.

    ``relations`` are the ``(model, name)`` related managers kept with ``keep_prefetched()``.
    What only a compiled query shows (``klass_info``'s keys, the select's columns) fails loudly
    when the query is first compiled.
    """
    failures = []
    for internal, probe in _probes(relations):
        try:
            holds = probe()
        except (AttributeError, FieldError, ImportError, KeyError, TypeError, ValueError) as error:
            failures.append(f"{internal} ({type(error).__name__}: {error})")
            continue
        if not holds:
            failures.append(internal)
    if failures:
        raise ImproperlyConfigured(
            f"articles/compiled.py relies on Django ORM internals that Django {django.get_version()} "
            f"does not have as used there: {'; '.join(failures)}. Adapt the device that uses it "
            "(see that module's docstring) before running this Django."
        )


def _probes(relations):
    """(internal, probe) pairs: each probe is true when the installed Django has the internal as used here."""
    probes = [
        ("QuerySet._result_cache and QuerySet._prefetch_done, read instead of running the query", _results_kept),
        ("QuerySet._defer_next_filter, honoured by QuerySet.filter()", _filter_deferred),
        ("QuerySet._fetch_mode.track_peers", lambda: isinstance(QuerySet()._fetch_mode.track_peers, bool)),
        ("QuerySet._known_related_objects", lambda: isinstance(QuerySet()._known_related_objects, dict)),
        ("QuerySet(model=..., query=...)", lambda: _takes(QuerySet, "model", "query")),
        ("Query.get_compiler(using=...)", lambda: _takes(Query.get_compiler, "using")),
        ("SQLCompiler.as_sql() with no arguments", lambda: _takes(SQLCompiler.as_sql)),
        ("SQLCompiler.select", lambda: hasattr(_blank_compiler(), "select")),
        ("SQLCompiler.klass_info", lambda: hasattr(_blank_compiler(), "klass_info")),
        ("SQLCompiler.annotation_col_map", lambda: hasattr(_blank_compiler(), "annotation_col_map")),
        ("SQLCompiler.get_converters(expressions)", lambda: _takes(SQLCompiler.get_converters, "expressions")),
        (
            "SQLCompiler.apply_converters(rows, converters)",
            lambda: _takes(SQLCompiler.apply_converters, "rows", "converters"),
        ),
        (
            "django.db.models.query.get_related_populators(klass_info, select, db, fetch_mode)",
            lambda: _takes(django_query.get_related_populators, "klass_info", "select", "db", "fetch_mode"),
        ),
        (
            "Model.from_db(db, field_names, values, fetch_mode=...)",
            lambda: _takes(Model.from_db, "db", "field_names", "values", "fetch_mode"),
        ),
        ("Model._meta.concrete_fields", lambda: hasattr(Options, "concrete_fields")),
    ]
    for connection in connections.all():
        probes += _connection_probes(connection)
    probes += [
        (
            f"{model.__name__}.{name}'s manager answering from the instance's _prefetched_objects_cache",
            partial(_answers_from_prefetched, model, name),
        )
        for model, name in relations
    ]
    return probes


def _connection_probes(connection):
    name = f"connections[{connection.alias!r}]"
    probes = [
        (f"{name}.{attribute}", partial(hasattr, connection, attribute))
        for attribute in (
            "health_check_enabled",
            "health_check_done",
            "in_atomic_block",
            "is_usable",
            "ensure_connection",
            "connection",
        )
    ]
    probes += [
        (f"{name}._prepare_cursor(cursor)", lambda: _takes(connection._prepare_cursor, "cursor")),
        (
            f"{name}.ops.adapt_datetimefield_value(value)",
            lambda: _takes(connection.ops.adapt_datetimefield_value, "value"),
        ),
    ]
    if connection.vendor == "postgresql":
        probes += [
            (
                "ServerBindingCursor.execute(query, params, prepare=..., binary=...) of Django's PostgreSQL backend",
                _server_binding_cursor_prepares,
            ),
            ("psycopg's Connection.prepare_threshold", _psycopg_prepare_threshold),
        ]
    return probes


def _blank_compiler():
    return SQLCompiler(Query(None), connections[DEFAULT_DB_ALIAS], DEFAULT_DB_ALIAS)


def _takes(function, *names):
    """True when ``function`` takes the arguments ``names`` and needs no others."""
    parameters = list(inspect.signature(function).parameters.values())
    if parameters and parameters[0].name in ("self", "cls"):
        parameters = parameters[1:]
    required = {
        parameter.name
        for parameter in parameters
        if parameter.default is parameter.empty
        and parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
    }
    return required <= set(names) <= {parameter.name for parameter in parameters}


def _results_kept():
    # A prefetch that ran would fail: nothing can be prefetched on this object.
    kept = SimpleNamespace()
    probe = QuerySet().prefetch_related("nothing")
    probe._result_cache = [kept]
    probe._prefetch_done = True
    return list(probe) == [kept]


def _filter_deferred():
    # With no model, only a filter left unbuilt can succeed.
    probe = QuerySet()
    probe._defer_next_filter = True
    probe.filter(pk=0)
    return probe._defer_next_filter is False


def _server_binding_cursor_prepares():
    from django.db.backends.postgresql.base import ServerBindingCursor

    return _takes(ServerBindingCursor.execute, "query", "params", "prepare", "binary")


def _psycopg_prepare_threshold():
    import psycopg

    return hasattr(psycopg.Connection, "prepare_threshold")


def _answers_from_prefetched(model, name):
    instance, kept = model(pk=0), QuerySet()
    keep_prefetched(instance, name, kept)
    return getattr(instance, name).all() is kept
