"""API routes of the pipelines app (mounted under /api/v1/)."""

from django.urls import path

from pipelines.api import PredictApi

urlpatterns = [
    path(
        "teams/<slug:team>/pipelines/<slug:pipeline>/predict",
        PredictApi.as_view(),
        name="api-pipeline-predict",
    ),
]
