"""Drills as data: a TOML file of the line of residents and the steps a trainee goes through.

The format is documented in docs/training.md; the shipped drills are in `drills/`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from station.training.people import Kind, Resident, synthetic_line

DRILLS = Path(__file__).with_name("drills")
DO = ("tube", "person", "seal", "ticket", "positive")
DEFAULT_GOALS: dict[str, tuple[str, ...]] = {
    "tube": ("tube_opened",),
    "person": ("person_added|tube_full",),
    "seal": ("sealed",),
    "ticket": ("called",),
    "positive": (),
}
_STEP_KEYS = {"do", "say", "who", "show", "goal", "expect", "lesson", "slow_after", "auto"}
_DRILL_KEYS = {"title", "title_en", "about", "mode", "seed", "slow_after"}
_LINE_KEYS = {"count", *(k.value for k in Kind if k is not Kind.PLAIN)}


class DrillError(ValueError):
    """A drill file a trainer wrote that cannot run; the message says where and why."""


@dataclass(frozen=True)
class Step:
    number: int  # from 1
    do: str
    say: str  # what the trainee is told
    who: int = 0  # resident number (person, ticket, positive: whose tube)
    show: str = "code"  # code: the personal code card; id: the ID card reader types the number
    goal: tuple[frozenset[str], ...] = ()  # outcome codes that finish the step, each one of a set
    expect: frozenset[str] = frozenset()  # station answers that are right here, not mistakes
    lesson: str = ""  # for the trainer's report when the trainee goes wrong here
    slow_after: float = 15.0  # seconds before the step counts as hesitation
    auto: bool = False  # the resident scans their own code under the scanner as the step begins

    @property
    def timed(self) -> bool:
        return bool(self.goal)


@dataclass(frozen=True)
class Drill:
    name: str
    title: str
    title_en: str
    about: str
    mode: int
    seed: int
    line_count: int
    kinds: dict[int, Kind]
    steps: tuple[Step, ...]

    def line(self) -> list[Resident]:
        return synthetic_line(self.line_count, self.seed, self.kinds)


def _fail(name: str, where: str, why: str) -> DrillError:
    return DrillError(f"演练 {name}，{where}：{why}")


def _unknown_keys(name: str, where: str, table: dict[str, object], known: set[str]) -> None:
    extra = sorted(set(table) - known)
    if extra:
        raise _fail(name, where, f"未知字段 {', '.join(extra)}（可用：{', '.join(sorted(known))}）")


def _step(name: str, number: int, data: dict[str, object], count: int, slow: float) -> Step:
    where = f"第 {number} 步"
    _unknown_keys(name, where, data, _STEP_KEYS)
    do = str(data.get("do", ""))
    if do not in DO:
        raise _fail(name, where, f"do = {do!r}，应为 {' / '.join(DO)}")
    who = int(data.get("who", 0))  # type: ignore[call-overload]  # TOML: int() refuses a bad one
    if do in ("person", "ticket", "positive") and not 1 <= who <= count:
        raise _fail(name, where, f"who = {who}，队伍里只有 1–{count} 号")
    auto = bool(data.get("auto", False))
    if auto and not 1 <= who <= count:
        raise _fail(name, where, "auto = true 需要 who：哪一位居民自己扫了码")
    show = str(data.get("show", "code"))
    if show not in ("code", "id"):
        raise _fail(name, where, f"show = {show!r}，应为 code 或 id")
    goals = data.get("goal", DEFAULT_GOALS[do])
    expect = data.get("expect", [])
    if not isinstance(goals, list | tuple) or not isinstance(expect, list | tuple):
        raise _fail(name, where, "goal 与 expect 须是字符串列表")
    return Step(
        number=number,
        do=do,
        say=str(data.get("say", "")),
        who=who,
        show=show,
        goal=tuple(frozenset(str(g).split("|")) for g in goals),
        expect=frozenset(str(e) for e in expect),
        lesson=str(data.get("lesson", "")),
        slow_after=float(data.get("slow_after", slow)),  # type: ignore[arg-type]  # as `who`
        auto=auto,
    )


def _check_order(name: str, steps: list[Step]) -> None:
    seen: set[int] = set()
    for step in steps:
        if step.do == "positive" and step.who not in seen:
            raise _fail(name, f"第 {step.number} 步", f"{step.who} 号还没进过试管，不能报阳性")
        if step.do == "person":
            seen.add(step.who)


def parse_drill(text: str, name: str) -> Drill:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _fail(name, "文件", f"不是有效的 TOML：{error}") from None
    head = data.get("drill", {})
    line = data.get("line", {})
    _unknown_keys(name, "[drill]", head, _DRILL_KEYS)
    _unknown_keys(name, "[line]", line, _LINE_KEYS)
    count = int(line.get("count", 10))
    kinds: dict[int, Kind] = {}
    for kind in Kind:
        for number in line.get(kind.value, []) if kind is not Kind.PLAIN else []:
            if not 1 <= int(number) <= count:
                raise _fail(name, "[line]", f"{kind.value} 里的 {number} 不在 1–{count} 之内")
            kinds[int(number)] = kind
    slow = float(head.get("slow_after", 15))
    raw_steps = data.get("step", [])
    if not raw_steps:
        raise _fail(name, "文件", "没有任何 [[step]]")
    steps = [_step(name, n, s, count, slow) for n, s in enumerate(raw_steps, start=1)]
    _check_order(name, steps)
    return Drill(
        name=name,
        title=str(head.get("title", name)),
        title_en=str(head.get("title_en", head.get("title", name))),
        about=str(head.get("about", "")),
        mode=int(head.get("mode", 10)),
        seed=int(head.get("seed", 1)),
        line_count=count,
        kinds=kinds,
        steps=tuple(steps),
    )


def load_drill(name_or_path: str | Path) -> Drill:
    """A shipped drill by name (`first_shift`), or a trainer's own file by its path."""
    path = Path(name_or_path)
    if not path.suffix:
        path = DRILLS / f"{name_or_path}.toml"
    if not path.is_file():
        known = ", ".join(shipped_drills())
        raise DrillError(f"找不到演练 {name_or_path}（自带：{known}）")
    return parse_drill(path.read_text(encoding="utf-8"), path.stem)


def shipped_drills() -> list[str]:
    return sorted(p.stem for p in DRILLS.glob("*.toml"))
