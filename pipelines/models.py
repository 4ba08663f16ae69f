"""Models of the reference pipelines."""
