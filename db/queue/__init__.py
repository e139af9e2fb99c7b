"""The queue in SQL."""
