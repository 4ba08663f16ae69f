"""Top-level URLs: pages, the versioned API, its schema and docs, health, admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from mlops_site import health

urlpatterns = [
    path("", include("assessments.urls")),
    path("", include("tenancy.urls")),
    path("", include("pipelines.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", include("assessments.api.urls")),
    path("api/v1/", include("telemetry.api.urls")),
    path("api/v1/", include("pipelines.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
