"""Every command and option of `nat-station` says in its help what it does: no history
("(issue 5)"), no help that only repeats the command's name, no option without help."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

from app.main import build_parser


def commands(
    parser: argparse.ArgumentParser, path: str = ""
) -> Iterator[tuple[str, argparse.ArgumentParser, str]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                yield f"{path} {name}".strip(), sub, helps.get(name, "")
                yield from commands(sub, f"{path} {name}".strip())


def test_every_command_and_option_has_a_help_of_its_own() -> None:
    found = list(commands(build_parser()))
    assert len(found) > 30
    problems = []
    for path, parser, summary in found:
        words = path.split()
        if not summary or re.fullmatch(rf"({re.escape(path)}|{re.escape(words[-1])})", summary):
            problems.append(f"{path}: {summary!r}")
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            if not action.help:
                problems.append(f"{path} {'/'.join(action.option_strings) or action.dest}: no help")
        for text in [summary, *(a.help or "" for a in parser._actions)]:
            if re.search(r"\(issue \d+\)|issue #?\d", text, re.IGNORECASE):
                problems.append(f"{path}: {text!r}")
    assert problems == []
