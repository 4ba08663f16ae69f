"""Static file URLs that work whether or not `collectstatic` has run.

After `python manage.py collectstatic`, pages link hashed, compressed copies that
WhiteNoise serves with far-future caching. Before it, the manifest storage can name
no file and every page that links one answered 500; now pages link the files by
their own names, WhiteNoise serves them from the app folders (settings turn its
finders on while there is no manifest), and one warning says what to run.
"""

from __future__ import annotations

import logging
import threading

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class CollectedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage, with unhashed names until the manifest exists."""

    _warned = threading.Event()

    def stored_name(self, name: str) -> str:
        if self.hashed_files:
            return str(super().stored_name(name))
        if not CollectedStaticFilesStorage._warned.is_set():
            CollectedStaticFilesStorage._warned.set()
            logger.warning(
                "static files have not been collected: serving them from the app folders, "
                "without cache-busting names or compression; run "
                "`python manage.py collectstatic --noinput` and restart"
            )
        return name
