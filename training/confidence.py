"""Confidence before and after, in aggregate only: per question, how many answered, the
mean score and how many gave each score, for one session or for every session of a course
over a period. Fewer than five answers are never shown, so that no one's answer can be
told from the figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from training.models import ConfidenceTally, Moment, Session

FEWEST_SHOWN = 5
FEWER = "fewer than 5 responses"
SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Side:
    """The answers to one question at one moment."""

    answered: int
    counts: tuple[int, ...]  # how many gave each score, 1 to 5

    @property
    def shown(self) -> bool:
        return self.answered >= FEWEST_SHOWN

    @property
    def mean(self) -> str:
        total = sum(score * count for score, count in zip(SCORES, self.counts, strict=True))
        return f"{total / self.answered:.1f}" if self.answered else ""

    @property
    def distribution(self) -> str:
        """ "1: 0, 2: 1, 3: 4, 4: 6, 5: 2", or the reason it is not shown."""
        if not self.shown:
            return FEWER
        return ", ".join(f"{score}: {count}" for score, count in zip(SCORES, self.counts, strict=True))

    @property
    def summary(self) -> str:
        return f"{self.mean} (from {self.answered})" if self.shown else FEWER


@dataclass(frozen=True)
class QuestionSummary:
    text: str
    before: Side
    after: Side


def summarise(sessions: QuerySet[Session]) -> list[QuestionSummary]:
    """Per question answered at any of `sessions`, the answers before and after."""
    rows = (
        ConfidenceTally.objects.filter(session__in=sessions)
        .values("question_id", "question__text", "question__position", "moment", "score")
        .annotate(total=Sum("count"))
        .order_by("question__position", "question_id")
    )
    found: dict[int, tuple[str, dict[str, list[int]]]] = {}
    for row in rows:
        _, sides = found.setdefault(
            row["question_id"], (row["question__text"], {Moment.BEFORE: [0] * 5, Moment.AFTER: [0] * 5})
        )
        sides[row["moment"]][row["score"] - 1] += row["total"] or 0
    return [
        QuestionSummary(
            text,
            Side(sum(sides[Moment.BEFORE]), tuple(sides[Moment.BEFORE])),
            Side(sum(sides[Moment.AFTER]), tuple(sides[Moment.AFTER])),
        )
        for text, sides in found.values()
    ]
