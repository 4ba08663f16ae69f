"""Boolean SQL over the `steps` list of a pipeline_run's attributes, for PostgreSQL and SQLite.

Django's JSON lookups cannot ask "does this list hold an object with kind X"
portably (`contains` is not supported on SQLite), so these two expressions
write the SQL per database. Both are false, never an error, when `steps` is
missing or not a list.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, F, Func
from django.db.models.sql.compiler import SQLCompiler
from django.db.utils import NotSupportedError

_SQL = tuple[str, list[Any]]


class _StepsExpression(Func):
    """A boolean over `attributes.steps`, written for PostgreSQL and SQLite only."""

    output_field = BooleanField()

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> _SQL:
        name = type(self).__name__
        raise NotSupportedError(f"{name} is not written for {connection.vendor}")


class HasStep(_StepsExpression):
    """True when `attributes.steps` lists a step of this kind (and, if given, this status)."""

    def __init__(self, kind: str, status: str = "") -> None:
        super().__init__(F("attributes"))
        self.kind = kind
        self.status = status

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _SQL:
        col, params = compiler.compile(self.source_expressions[0])
        # jsonb containment: uses no function call per row and is true only for lists.
        sql = f"COALESCE(({col} -> 'steps') @> %s::jsonb, false)"
        wanted = {"kind": self.kind, **({"status": self.status} if self.status else {})}
        return sql, [*params, json.dumps([wanted])]

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _SQL:
        col, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"(json_type({col}, '$.steps') = 'array' AND EXISTS ("  # noqa: S608
            f"SELECT 1 FROM json_each({col}, '$.steps') AS hs_step "
            "WHERE hs_step.type = 'object' AND json_extract(hs_step.value, '$.kind') = %s"
            + (" AND json_extract(hs_step.value, '$.status') = %s" if self.status else "")
            + "))"
        )
        return sql, [*params, self.kind, *([self.status] if self.status else [])]


class StepBefore(_StepsExpression):
    """True when `attributes.steps` lists a step of kind `first` before one of kind `then`."""

    def __init__(self, first: str, then: str) -> None:
        super().__init__(F("attributes"))
        self.first = first
        self.then = then

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _SQL:
        col, params = compiler.compile(self.source_expressions[0])
        steps = (
            f"(CASE WHEN jsonb_typeof({col} -> 'steps') = 'array' "
            f"THEN {col} -> 'steps' ELSE '[]'::jsonb END)"
        )
        # One pass over the list: the first step of kind `first` comes before the last
        # step of kind `then`.
        sql = (
            "COALESCE((SELECT MIN(sb.i) FILTER (WHERE sb.s ->> 'kind' = %s) "  # noqa: S608
            "< MAX(sb.i) FILTER (WHERE sb.s ->> 'kind' = %s) "
            f"FROM jsonb_array_elements({steps}) WITH ORDINALITY AS sb(s, i)), false)"
        )
        return sql, [self.first, self.then, *params * 2]

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _SQL:
        col, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"(json_type({col}, '$.steps') = 'array' AND EXISTS ("  # noqa: S608
            f"SELECT 1 FROM json_each({col}, '$.steps') AS sb_a, "
            f"json_each({col}, '$.steps') AS sb_b "
            "WHERE sb_a.type = 'object' AND sb_b.type = 'object' AND sb_a.key < sb_b.key "
            "AND json_extract(sb_a.value, '$.kind') = %s "
            "AND json_extract(sb_b.value, '$.kind') = %s))"
        )
        return sql, [*params * 3, self.first, self.then]
