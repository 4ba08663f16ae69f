"""The project's one settings module, with the environment a test run needs.

Only defaults are set here: a DATABASE_URL or CELERY_BROKER_URL in the
environment still decides which database and broker the suite runs against.
"""

import os
import tempfile
import uuid

os.environ.setdefault("SECRET_KEY", "tests-only-" + uuid.uuid4().hex * 2)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("LOG_FORMAT", "text")
os.environ.setdefault("LOG_LEVEL", "warning")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="mlops-tests-"))
# A queue of this run's own, so a shared broker never hands us another run's tasks.
os.environ.setdefault("CELERY_TASK_DEFAULT_QUEUE", f"tests-{uuid.uuid4().hex[:12]}")

from mlops_site.settings import *  # noqa: F403
from mlops_site.settings import DATA_DIR, DATABASES, STORAGES

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = True
(DATA_DIR / "static").mkdir(exist_ok=True)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a real worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
