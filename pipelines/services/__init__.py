"""Writes of the reference pipelines, one module per area."""
