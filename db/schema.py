"""Every table of the station: import this (not one models module) to see the whole schema."""

from __future__ import annotations

import db.access.models  # operators (issue 14)
import db.audit.models  # audit trail, checkpoints (issue 14)
import db.lab.models  # boxes, results, recalls (issue 4)
import db.queue.models  # tickets, queue state, building batches (issue 3)
import db.roster.models  # roster, rounds, coverage (issue 5)
import db.sync.models  # noqa: F401  the outbox (issue 13)
from db.recording import models
from db.recording.models import Base

__all__ = ["Base", "models"]
