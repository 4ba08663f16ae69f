"""Admin console: background jobs, and a button that checks a worker answers."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path

from jobs import services
from jobs.models import Job, OutboxMessage


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ("kind", "status", "progress", "organization", "worker", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("id", "kind", "worker")
    list_select_related = ("organization",)
    readonly_fields = [f.name for f in Job._meta.fields]
    change_list_template = "admin/jobs/job_change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "ping-worker/",
                self.admin_site.admin_view(self.ping_worker_view),
                name="jobs_job_ping_worker",
            )
        ]
        return extra + super().get_urls()

    def ping_worker_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return redirect("admin:jobs_job_changelist")
        job = services.job_create(kind="worker_ping")
        self.message_user(
            request,
            "A worker check was queued; it turns Succeeded when a worker picks it up.",
            messages.INFO,
        )
        return redirect("admin:jobs_job_change", job.pk)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    """Task messages and whether they reached the broker: a refused broker shows here."""

    list_display = ("key", "created_at", "sent_at", "attempts")
    list_filter = (("sent_at", admin.EmptyFieldListFilter),)
    search_fields = ("key",)
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
