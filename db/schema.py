"""Every table of the station: import this (not one models module) to see the whole schema."""

from __future__ import annotations

from db import models
from db.models import Base

__all__ = ["Base", "models"]
