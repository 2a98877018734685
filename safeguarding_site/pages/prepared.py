"""Queries written once by the ORM and then run as plain SQL.

On a page render, building and compiling a queryset costs more than running
it: the page tree's query took 0.55 ms through the ORM and 0.05 ms as the same
SQL on SQLite. A PreparedQuery keeps the SQL the ORM writes for a set of
arguments, per database connection (the SQL is each backend's own), and later
runs execute it and pass the values through the ORM's own converters (dates
from SQLite's text, for instance), as ``values_list()`` would.

Nothing read is kept, only how to ask: every run is a query to the database.
The SQL may hold ids looked up when it was written (django CMS's versioning
filters on a content type's id), so it is all written afresh after a migration
or a test's flush (``post_migrate``).
"""

import weakref

from django.db import connections, router
from django.db.models.signals import post_migrate

_ALL = weakref.WeakSet()


class PreparedQuery:
    """``build(*args)`` gives a ``values_list()`` queryset on ``model``; ``rows(*args)`` runs its SQL."""

    def __init__(self, model, build):
        self.model = model
        self.build = build
        self.compiled = weakref.WeakKeyDictionary()  # connection -> {args: (compiler, sql, params, converters)}
        _ALL.add(self)

    def rows(self, *args):
        """The rows as tuples, as ``list(self.build(*args))`` gives them."""
        connection = connections[router.db_for_read(self.model)]
        by_args = self.compiled.get(connection)
        if by_args is None:
            by_args = self.compiled[connection] = {}
        entry = by_args.get(args)
        if entry is None:
            entry = by_args[args] = self.compile(connection, args)
        compiler, sql, params, converters = entry
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            return [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows

    def compile(self, connection, args):
        compiler = self.build(*args).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
        return compiler, sql, params, compiler.get_converters(fields)

    def forget(self):
        self.compiled.clear()


def forget_all(**kwargs):
    for query in list(_ALL):
        query.forget()


post_migrate.connect(forget_all, dispatch_uid="prepared-queries-forget")
