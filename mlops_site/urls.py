"""Top-level URLs: pages, the versioned API, its schema and docs, health, admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from mlops_site import health, login_limits

urlpatterns = [
    path("", include("assessments.urls")),
    path("", include("tenancy.urls")),
    path("", include("pipelines.urls")),
    # Before Django's own, which it replaces with a rate-limited one.
    path(
        "accounts/password_reset/",
        login_limits.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", include("assessments.api.urls")),
    path("api/v1/", include("telemetry.api.urls")),
    path("api/v1/", include("pipelines.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # The split view serves its start-up script from ?script, not inline.
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="mlops_site/api_docs.html"
        ),
        name="api-docs",
    ),
]

handler404 = "mlops_site.api_schema.not_found"
