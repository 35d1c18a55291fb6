"""What a key may be allowed to do: one scope per resource and kind of access, and the role a
call with that scope acts with in the partnership's access layer.

A call is checked against the one scope its endpoint names; the viewer it acts as holds only
that scope's role, for that call. The role is the narrowest one whose pages show or change
the same records: a key that reads statistics acts as a steering group member (figures after
disclosure control, never exact), one that posts referrals as a referrer (who sees a referral's
receipt, never its outcome)."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Role


@dataclass(frozen=True)
class Scope:
    code: str
    label: str
    role: str


SCOPES: tuple[Scope, ...] = (
    Scope("organisations:read", "Read organisations", Role.STEERING),
    Scope("plans:read", "Read delivery plans, actions and progress updates", Role.STEERING),
    Scope("plans:write", "Post progress updates on actions", Role.COORDINATOR),
    Scope("training:read", "Read training courses, sessions and completions", Role.COORDINATOR),
    Scope("training:write", "Post training completions", Role.COORDINATOR),
    Scope("engagement:read", "Read engagement events", Role.COORDINATOR),
    Scope("projects:read", "Read commissioned projects", Role.COORDINATOR),
    Scope("statistics:read", "Read statistics after disclosure control", Role.STEERING),
    Scope("referrals:write", "Send referrals (reference and receipt only)", Role.REFERRER),
)
BY_CODE = {scope.code: scope for scope in SCOPES}
CODES = tuple(BY_CODE)


def labels(codes: list[str]) -> list[str]:
    return [BY_CODE[code].label for code in CODES if code in codes]
