"""Serves plotly.js from the installed plotly package, as `vendor/plotly.min.js`.

The Python package pins the JavaScript version it renders for, so the app serves
that exact file itself: no copy in the repository and nothing from a CDN.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
PUBLIC_NAME = "vendor/plotly.min.js"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(PLOTLY_JS.parent))

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        if path != PUBLIC_NAME:
            return [] if find_all else None
        return [str(PLOTLY_JS)] if find_all else str(PLOTLY_JS)

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, Any]]:
        yield PUBLIC_NAME, _Renamed(self.storage, PLOTLY_JS.name)


class _Renamed(FileSystemStorage):
    """Storage view that opens the plotly file under its public name."""

    def __init__(self, storage: FileSystemStorage, real_name: str) -> None:
        super().__init__(location=storage.location)
        self._real_name = real_name

    def path(self, name: str) -> str:
        return super().path(self._real_name)

    def open(self, name: str, mode: str = "rb") -> Any:
        return super().open(self._real_name, mode)
