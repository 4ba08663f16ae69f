"""Third-party front-end assets come from the app itself, never a CDN."""

from __future__ import annotations

import json

from django.contrib.staticfiles import finders
from django.core.management import call_command

from mlops_site.staticfinders import PLOTLY_JS
from mlops_site.staticstorage import CollectedStaticFilesStorage


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


def test_before_collectstatic_production_storage_links_files_by_their_own_names(tmp_path, caplog):
    CollectedStaticFilesStorage._warned.clear()  # the warning is once per process
    storage = CollectedStaticFilesStorage(location=str(tmp_path), base_url="/static/")
    assert storage.url("css/app.css") == "/static/css/app.css"
    assert "python manage.py collectstatic" in caplog.text


def test_after_collectstatic_production_storage_links_the_hashed_copies(tmp_path):
    manifest = {"paths": {"css/app.css": "css/app.0123abcd.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = CollectedStaticFilesStorage(location=str(tmp_path), base_url="/static/")
    assert storage.url("css/app.css") == "/static/css/app.0123abcd.css"
