"""Third-party front-end assets come from the app itself, never a CDN."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.core.management import call_command

from mlops_site.staticfinders import PLOTLY_JS


def test_plotly_js_is_found_under_its_public_name():
    assert finders.find("vendor/plotly.min.js") == str(PLOTLY_JS)


def test_plotly_js_is_served_by_the_app(client):
    response = client.get("/static/vendor/plotly.min.js")
    assert response.status_code == 200
    first = next(iter(response.streaming_content))
    assert b"plotly" in first.lower()


def test_collectstatic_copies_plotly_and_the_api_docs_ui(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "vendor" / "plotly.min.js").stat().st_size > 1_000_000
    assert (
        tmp_path / "drf_spectacular_sidecar" / "swagger-ui-dist" / "swagger-ui-bundle.js"
    ).exists()
