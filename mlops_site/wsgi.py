"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

from mlops_site.checks import refuse_development_key
from mlops_site.statements import limit_web_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mlops_site.settings")
application = get_wsgi_application()
refuse_development_key("web server (WSGI)")
limit_web_statements()
