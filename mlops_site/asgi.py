"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from mlops_site.statements import limit_web_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mlops_site.settings")
application = get_asgi_application()
limit_web_statements()
