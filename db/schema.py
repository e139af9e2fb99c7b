"""Every table of the station: import this (not one models module) to see the whole schema."""

from __future__ import annotations

import db.access_models  # operators (issue 14)
import db.audit_models  # audit trail, checkpoints (issue 14)
import db.lab_models  # boxes, results, recalls (issue 4)
import db.queue_models  # tickets, queue state, building batches (issue 3)
import db.roster_models  # roster, rounds, coverage (issue 5)
import db.sync_models  # noqa: F401  the outbox (issue 13)
from db import models
from db.models import Base

__all__ = ["Base", "models"]
