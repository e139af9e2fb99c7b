"""`nat-station cards DRILL --pdf FILE`: the printed cards of a drill, for a real scanner."""

from __future__ import annotations

import argparse
from pathlib import Path


def cards(args: argparse.Namespace) -> int:
    from station.training import WATERMARK, load_drill
    from ui.pdf import set_watermark
    from ui.training.cards import write_drill_cards

    drill = load_drill(args.drill)
    set_watermark(WATERMARK)
    path = write_drill_cards(Path(args.pdf), drill, drill.line())
    print(path)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("cards", help="training: a drill's resident and tube cards as a PDF")
    p.add_argument("drill", help="first_shift, hard_cases, queue_and_recall, or a drill file")
    p.add_argument("--pdf", required=True, help="where to write the cards")
    p.set_defaults(func=cards)
