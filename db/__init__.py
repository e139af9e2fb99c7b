"""Persistence: SQLAlchemy models, the store behind station's ports, engines and migrations."""
