"""Content-Security-Policy, Referrer-Policy and Permissions-Policy on every response,
and templates that need nothing the policy refuses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from mlops_site.security_headers import permissions_header, policy_header

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_policies_are_written_as_browsers_read_them():
    assert policy_header({"script-src": ["'self'"], "object-src": ["'none'"]}) == (
        "script-src 'self'; object-src 'none'"
    )
    assert permissions_header({"camera": [], "fullscreen": ["self"]}) == (
        "camera=(), fullscreen=(self)"
    )


@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/healthz", "/api/v1/teams", "/no-such-page/", "/static/css/app.css",
     "/api/docs/", "/admin/login/"],
)  # fmt: skip
def test_every_response_carries_the_policy_headers(db, client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert "style-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_the_api_docs_page_loads_its_start_up_script_and_styles_from_files(db, client):
    page = client.get("/api/docs/").content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert "<style" not in page
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content
    assert b'"validatorUrl": null' in script.content  # no badge from validator.swagger.io


INLINE = {
    "inline script": r"<script(?![^>]*\bsrc=)[^>]*>",
    "event handler attribute": r"\son[a-z]+\s*=",
    "style attribute": r"\sstyle\s*=",
    "style element": r"<style",
    "javascript: URL": r"javascript:",
}


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_no_template_needs_what_the_policy_refuses(template):
    source = template.read_text()
    found = [name for name, pattern in INLINE.items() if re.search(pattern, source, re.I)]
    assert found == []
