"""An existing database moves to the tenancy, telemetry and jobs apps without losing a row.

The database is taken back to the migrations from before the split (assessments 0006,
pipelines 0001), filled with a row in every table through the historical models, and
migrated forward again; every row must then be found through the new models, with its
foreign keys, and the admin history must follow the models to their new apps.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.apps import apps as current_apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("assessments", "0006_ingest_indexes"),
    ("pipelines", "0001_reference_pipelines"),
    ("tenancy", None),
    ("telemetry", None),
    ("jobs", None),
]
#: Where each model of the old layout lives now.
MOVED = {
    "organization": "tenancy",
    "team": "tenancy",
    "membership": "tenancy",
    "apitoken": "tenancy",
    "event": "telemetry",
    "job": "jobs",
}
MOMENT = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
#: Models added after the split, with no rows of the old layout to find.
ADDED = {("jobs", "outboxmessage")}
#: Columns renamed since (a run's lease is recorded like every lease, jobs.models.Leased).
RENAMED = {"lease_owner": "worker"}


def _value(field: models.Field[Any, Any], n: int) -> Any:
    if field.choices:
        return field.choices[-1][0]  # the last role (viewer) suits both kinds of membership
    if isinstance(field, models.DateTimeField):
        return MOMENT
    if isinstance(field, models.DateField):
        return MOMENT.date()
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.JSONField):
        return {"n": n}
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.FloatField):
        return 0.5
    if isinstance(field, models.IntegerField):
        return n + 1
    return f"v{n}"[: field.max_length] if field.max_length else f"value {n}"


def _needs_value(field: models.Field[Any, Any]) -> bool:
    blank_text = isinstance(field, models.CharField | models.TextField) and field.blank
    return not (field.null or field.has_default() or blank_text or field.auto_created)


def _fill(old_apps: Any, labels: tuple[str, ...]) -> dict[tuple[str, str], dict[str, Any]]:
    """One row in every table of `labels`, each foreign key pointing at a row made before."""
    user = old_apps.get_model("auth", "User").objects.create(username="mover")
    made: dict[str, Any] = {"auth.user": user}
    waiting = [m for label in labels for m in old_apps.get_app_config(label).get_models()]
    rows: dict[tuple[str, str], dict[str, Any]] = {("auth", "user"): _columns(user)}
    while waiting:
        ready = [m for m in waiting if all(_target(f) in made for f in _required_fks(m))]
        assert ready, f"no order to fill {waiting}"
        for model in ready:
            obj = model.objects.create(**_values(model, made))
            made[model._meta.label_lower] = obj
            rows[(model._meta.app_label, model._meta.model_name)] = _columns(obj)
            waiting.remove(model)
    return rows


def _values(model: type[models.Model], made: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for n, field in enumerate(model._meta.concrete_fields):
        if field.is_relation:
            if _target(field) in made:
                values[field.name] = made[_target(field)]
        elif _needs_value(field):
            values[field.name] = _value(field, n)
    if model._meta.model_name == "answer":  # an option, so no justification
        values["option_id"] = "yes"
    return values


def _required_fks(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.is_relation and not f.null]


def _target(field: models.Field[Any, Any]) -> str:
    related = field.related_model
    assert related is not None
    assert not isinstance(related, str)
    return str(related._meta.label_lower)


def _columns(obj: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _new_label(label: str, name: str) -> str:
    return MOVED.get(name, label) if label == "assessments" else label


def _migrate(targets: list[tuple[str, str | None]]) -> Any:
    MigrationExecutor(connection).migrate(targets)
    nodes = [(label, name) for label, name in targets if name is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


def test_every_row_of_the_old_layout_is_found_through_the_new_apps():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old_apps = _migrate(BEFORE)
    rows = _fill(old_apps, ("assessments", "pipelines"))
    # The admin history of the old layout: a change to the organisation, by its content type.
    organization_type = ContentType.objects.get_or_create(
        app_label="assessments", model="organization"
    )[0]
    LogEntry.objects.create(
        user_id=rows[("auth", "user")]["id"],
        content_type=organization_type,
        object_id=str(rows[("assessments", "organization")]["id"]),
        object_repr="moved",
        action_flag=2,
        action_time=MOMENT,
    )

    _migrate(latest)

    del rows[("auth", "user")]
    new_layout = {
        (m._meta.app_label, m._meta.model_name)
        for label in ("tenancy", "telemetry", "jobs", "assessments", "pipelines")
        for m in current_apps.get_app_config(label).get_models()
    } - ADDED
    assert {(_new_label(label, name), name) for label, name in rows} == new_layout
    for (label, name), columns in rows.items():
        model = current_apps.get_model(_new_label(label, name), name)
        found = model.objects.get(pk=columns[model._meta.pk.attname])
        expected = {RENAMED.get(column, column): value for column, value in columns.items()}
        assert {c: v for c, v in _columns(found).items() if c in expected} == expected, model
        for field in model._meta.concrete_fields:
            if field.is_relation and getattr(found, field.attname) is not None:
                assert getattr(found, field.name).pk == getattr(found, field.attname)
    entry = LogEntry.objects.get(object_repr="moved")
    assert (entry.content_type.app_label, entry.content_type.model) == ("tenancy", "organization")
    assert entry.get_edited_object().pk == rows[("assessments", "organization")]["id"]
