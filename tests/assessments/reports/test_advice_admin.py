"""Advice is edited in the admin console: publishing makes a new version the roadmap names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import AdviceSet
from assessments.selectors.reports import advice_current

pytestmark = [pytest.mark.dated, pytest.mark.django_db]


def test_the_shipped_advice_is_seeded_as_version_one():
    row = AdviceSet.objects.get()
    assert row.version == 1
    assert advice_current().version == "1"


def test_publishing_an_edited_set_makes_a_new_version_and_keeps_the_old(admin_client):
    first = AdviceSet.objects.get(version=1)
    edited = first.content.replace("Move training, feature", "Move all training, feature", 1)
    url = reverse("admin:assessments_adviceset_change", args=[first.pk])
    response = admin_client.post(url, {"content": edited, "note": "clearer first step"})
    assert response.status_code == 302
    assert list(AdviceSet.objects.values_list("version", flat=True)) == [2, 1]
    assert AdviceSet.objects.get(version=1).content == first.content
    current = advice_current()
    assert current.version == "2"
    assert current.for_capability("source_control").steps[0].startswith("Move all training")


def test_an_invalid_set_is_refused_with_every_problem_and_nothing_is_stored(admin_client):
    content = AdviceSet.objects.get().content.replace(
        'capability = "lineage"', 'capability = "lineage2"'
    )
    response = admin_client.post(reverse("admin:assessments_adviceset_add"), {"content": content})
    assert response.status_code == 200
    body = response.content.decode()
    assert "unknown capability `lineage2`" in body
    assert "no advice for capability `lineage`" in body
    assert AdviceSet.objects.count() == 1


def test_the_add_form_starts_from_the_newest_set(admin_client):
    response = admin_client.get(reverse("admin:assessments_adviceset_add"))
    assert "source_control" in response.content.decode()
