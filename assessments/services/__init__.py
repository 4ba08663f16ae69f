"""Writes that span models or have side effects, one module per area."""
