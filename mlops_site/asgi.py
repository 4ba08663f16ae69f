"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from mlops_site.checks import refuse_development_key
from mlops_site.statements import limit_web_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mlops_site.settings")
application = get_asgi_application()
refuse_development_key("web server (ASGI)")
limit_web_statements()
