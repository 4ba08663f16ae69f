"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

from mlops_site.statements import limit_web_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mlops_site.settings")
application = get_wsgi_application()
limit_web_statements()
