"""Advice sets: the roadmap's advice as versioned, editable data."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mlops_site import clock


class AdviceSet(models.Model):
    """One published version of the roadmap advice (TOML text, see
    assessments/reports/advice/default.toml).

    Published versions are never edited in place: publishing an edited set
    stores a new row with the next version number, so every roadmap can say
    which advice it was built with. The newest version is the one in use.
    """

    version = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=200)
    content = models.TextField(help_text="Advice in TOML: one [[advice]] table per capability.")
    note = models.CharField(max_length=300, blank=True, help_text="What changed, and why.")
    published_at = clock.DateTimeField(default=clock.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        get_latest_by = "version"

    def __str__(self) -> str:
        return f"Advice v{self.version}: {self.name}"
