"""The events API: POST /api/v1/events, and its documented examples."""
