"""Pure workflow steps of the reference pipelines: DataFrames in, frozen dataclasses out.

No ORM, Celery or file I/O here (apart from `data.read_source`, the one reader
of the shipped CSV); the tasks decide where inputs come from and where results go.
"""
