"""Training mode: training shapes and their guards, synthetic residents, drills and scoring.

Plain Python (no Qt, no SQL): the window side is ui/training_*.py, the wiring app/training.py.
"""

from station.training.drill import Drill, DrillError, Step, load_drill, shipped_drills
from station.training.marks import (
    PERSON_PREFIX,
    TRAINING_BOX,
    TRAINING_TUBE,
    WATERMARK,
    LiveGuard,
    TrainingCodes,
    TrainingDatabaseError,
    admit,
    is_training_barcode,
    refused_at_server,
    training_barcodes_of,
    training_code,
    training_settings,
    training_tube,
)
from station.training.people import Resident, synthetic_line
from station.training.score import Action, Report, Scorer

__all__ = [
    "PERSON_PREFIX",
    "TRAINING_BOX",
    "TRAINING_TUBE",
    "WATERMARK",
    "Action",
    "Drill",
    "DrillError",
    "LiveGuard",
    "Report",
    "Resident",
    "Scorer",
    "Step",
    "TrainingCodes",
    "TrainingDatabaseError",
    "admit",
    "is_training_barcode",
    "load_drill",
    "refused_at_server",
    "shipped_drills",
    "synthetic_line",
    "training_barcodes_of",
    "training_code",
    "training_settings",
    "training_tube",
]
