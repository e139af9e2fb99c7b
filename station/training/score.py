"""Scoring a drill: what the station answered to each of the trainee's actions, step by step.

A step ends when the station has said each of its goal codes. Any refusal the step does not
expect is a mistake, and so is scanning a resident other than the one in front; a step that
takes longer than its `slow_after` is a hesitation. Score: 100, less 10 a mistake and 5 a
hesitation (never below 0). Time per person: the mean of the person steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from station.training.drill import Drill, Step
from station.training.people import Resident

MISTAKE_POINTS = 10
HESITATION_POINTS = 5


@dataclass(frozen=True)
class Action:
    """One answer of the station: to a scan (`raw`) or to a key (`raw` None)."""

    at: float  # seconds, any monotonic clock
    status: str  # saved / warning / error
    code: str
    raw: str | None = None
    message: str = ""
    tube: str | None = None
    by_drill: bool = False  # the drill's own simulated scan (a resident scanning themselves)


@dataclass(frozen=True)
class Mistake:
    step: int
    say: str
    code: str
    message: str
    lesson: str


@dataclass(frozen=True)
class StepTime:
    step: int
    do: str
    say: str
    seconds: float
    slow: bool


@dataclass(frozen=True)
class Report:
    drill: str
    times: list[StepTime]
    mistakes: list[Mistake]
    finished: bool

    @property
    def hesitations(self) -> list[StepTime]:
        return [t for t in self.times if t.slow]

    @property
    def score(self) -> int:
        lost = MISTAKE_POINTS * len(self.mistakes) + HESITATION_POINTS * len(self.hesitations)
        return max(0, 100 - lost)

    @property
    def per_person(self) -> float:
        people = [t.seconds for t in self.times if t.do == "person"]
        return sum(people) / len(people) if people else 0.0

    def lines(self, language: str = "zh") -> list[str]:
        """The trainer's short report: score, pace, then what went wrong and where it was slow."""
        en = language.startswith("en")
        out = [
            (
                f"{self.drill}: score {self.score}/100, {self.per_person:.1f} s per person, "
                f"{len(self.mistakes)} mistakes, {len(self.hesitations)} hesitations"
            )
            if en
            else (
                f"{self.drill}：得分 {self.score}/100，每人 {self.per_person:.1f} 秒，"
                f"差错 {len(self.mistakes)} 次，犹豫 {len(self.hesitations)} 处"
            )
        ]
        if not self.finished:
            out.append("Drill not finished" if en else "演练未完成")
        where: Callable[[int], str] = (lambda n: f"step {n}") if en else (lambda n: f"第 {n} 步")
        colon = ": " if en else "："
        for m in self.mistakes:
            lesson = f" — {m.lesson}" if m.lesson else ""
            out.append(f"✗ {where(m.step)} {m.say}{colon}{m.message or m.code}{lesson}")
        for t in self.hesitations:
            out.append(f"… {where(t.step)} {t.say}{colon}{t.seconds:.1f} {'s' if en else '秒'}")
        return out


@dataclass
class Scorer:
    """Follows a drill through the station's answers; pure, so a scripted trainee can be
    scored exactly with a made-up clock."""

    drill: Drill
    line: list[Resident]
    started_at: float
    index: int = 0
    times: list[StepTime] = field(default_factory=list)
    mistakes: list[Mistake] = field(default_factory=list)
    tubes: dict[int, str] = field(default_factory=dict)  # resident -> the tube they went into
    _left: list[frozenset[str]] = field(default_factory=list, init=False)
    _step_at: float = field(default=0.0, init=False)

    def __post_init__(self) -> None:
        self._owners = {scan: r.number for r in self.line for scan in r.scans()}
        self._step_at = self.started_at
        self._enter()

    @property
    def current(self) -> Step | None:
        return self.drill.steps[self.index] if self.index < len(self.drill.steps) else None

    @property
    def done(self) -> bool:
        return self.current is None

    def resident(self, number: int) -> Resident:
        return self.line[number - 1]

    def _enter(self) -> None:
        step = self.current
        self._left = list(step.goal) if step else []

    def _finish(self, at: float) -> None:
        step = self.current
        assert step is not None
        if step.timed:
            seconds = round(at - self._step_at, 3)
            self.times.append(
                StepTime(step.number, step.do, step.say, seconds, seconds > step.slow_after)
            )
        self.index += 1
        self._step_at = at
        self._enter()

    def start(self) -> list[Step]:
        """Begin the drill; returns the steps begun (see `_begin`)."""
        return self._begin(self.started_at)

    def _begin(self, at: float) -> list[Step]:
        """The steps begun now: the current one, and past it any with nothing to wait for
        (a positive result coming in). The caller plays their part: reports the result,
        issues the ticket, lets the resident scan themselves."""
        begun: list[Step] = []
        while (step := self.current) is not None:
            begun.append(step)
            if step.goal:
                break
            self._finish(at)
        return begun

    def _mistake(self, step: Step, action: Action, code: str = "", message: str = "") -> None:
        self.mistakes.append(
            Mistake(
                step.number, step.say, code or action.code, message or action.message, step.lesson
            )
        )

    def feed(self, action: Action) -> list[Step]:
        """The station's answer to one action; returns the steps that began after it."""
        step = self.current
        if step is None:
            return []
        owner = self._owners.get(action.raw.strip()) if action.raw else None
        if action.code in ("person_added", "tube_full", "recall_resampled") and owner:
            self.tubes.setdefault(owner, action.tube or "")
        elif action.code in ("tube_full", "recall_resampled") and action.tube:
            # A single tube opened for the person waiting: the tube scan carries no resident.
            waiting = step.who if step.do == "person" else 0
            if waiting:
                self.tubes[waiting] = action.tube
        if action.by_drill:
            return []
        if owner is not None and step.do == "person" and owner != step.who:
            self._mistake(step, action, "wrong_person", f"扫了 {owner} 号，面前的是 {step.who} 号")
            return []
        matched = next((g for g in self._left if action.code in g), None)
        if matched is not None:
            self._left.remove(matched)
            if not self._left:
                self._finish(action.at)
                return self._begin(action.at)
            return []
        if action.code in step.expect or f"status:{action.status}" in step.expect:
            return []
        if action.status == "error":
            self._mistake(step, action)
        return []

    def skip(self, at: float) -> list[Step]:
        """The trainer moves on past a step the trainee cannot finish: counted as a mistake."""
        step = self.current
        if step is None:
            return []
        self.mistakes.append(
            Mistake(step.number, step.say, "skipped", "跳过（未完成）", step.lesson)
        )
        self.index += 1
        self._step_at = at
        self._enter()
        return self._begin(at)

    def report(self) -> Report:
        return Report(self.drill.title, list(self.times), list(self.mistakes), self.done)
