"""The open API: each endpoint with the right scope, without it, with another partnership's
key, without a live key; the writes through the pages' actions, audited as the key; the rate
limit; the bulk completions' checks; and no personal data of a case in any answer."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from api.actions import revoke_key
from api.models import ApiCall, ApiKey
from api.tests.builders import ApiWorld, bearer, build_api_world, token_for
from audit.models import AuditEvent
from cases.models import Referral
from performance import releases
from plans.models import ProgressUpdate
from training.models import Completion, ImportBatch

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


@pytest.fixture(scope="module")
def world(module_db: None) -> ApiWorld:
    return build_api_world()


def _get(path: str, token: str | None, **params: Any) -> Any:
    return Client().get(f"{V1}{path}", params, headers=bearer(token) if token else {})


def _post(path: str, token: str, body: Any) -> Any:
    return Client().post(
        f"{V1}{path}", json.dumps(body), content_type="application/json", headers=bearer(token)
    )


def _lists(world: ApiWorld) -> list[tuple[str, str]]:
    return [
        ("/organisations", "organisations:read"),
        ("/plans", "plans:read"),
        (f"/plans/{world.plan.uuid}/actions", "plans:read"),
        (f"/actions/{world.action.uuid}/progress-updates", "plans:read"),
        ("/training/courses", "training:read"),
        ("/training/sessions", "training:read"),
        ("/training/completions", "training:read"),
        ("/engagement/events", "engagement:read"),
        ("/projects", "projects:read"),
    ]


def _records(world: ApiWorld) -> list[tuple[str, str]]:
    organisation = world.training.organisation
    return [
        (f"/organisations/{organisation.uuid}", "organisations:read"),
        (f"/plans/{world.plan.uuid}", "plans:read"),
        (f"/plans/{world.plan.uuid}/actions", "plans:read"),
        (f"/actions/{world.action.uuid}", "plans:read"),
        (f"/actions/{world.action.uuid}/progress-updates", "plans:read"),
    ]


def test_each_list_answers_with_its_scope_and_its_records(world: ApiWorld) -> None:
    for path, code in _lists(world):
        response = _get(path, token_for(world.coordinator_viewer, code))
        assert response.status_code == 200, path
        body = response.json()
        assert body["page"] == 1
        assert body["total"] == len(body["items"])
        if "progress-updates" not in path:
            assert body["items"], path


def test_a_single_record_answers_with_its_scope(world: ApiWorld) -> None:
    for path, code in _records(world):
        assert _get(path, token_for(world.coordinator_viewer, code)).status_code == 200, path


def test_without_the_scope_every_endpoint_answers_404(world: ApiWorld) -> None:
    for path, code in [
        *_lists(world),
        *_records(world),
        ("/statistics", "statistics:read"),
        ("/dashboard", "statistics:read"),
    ]:
        others = [other for other in ("organisations:read", "projects:read") if other != code]
        response = _get(path, token_for(world.coordinator_viewer, *others))
        assert response.status_code == 404, path


def test_another_partnerships_records_answer_404(world: ApiWorld) -> None:
    outsider = token_for(world.other_viewer)
    for path, _ in _records(world):
        assert _get(path, outsider).status_code == 404, path
    response = _post(
        f"/actions/{world.action.uuid}/progress-updates",
        outsider,
        {"update_date": "2026-01-05", "rag": "green", "commentary": "On track"},
    )
    assert response.status_code == 404
    # Their lists hold none of this partnership's records.
    names = [item["name"] for item in _get("/organisations", outsider).json()["items"]]
    assert world.training.organisation.name not in names


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Bearer ph_0123456789ab_wrong", "Basic abc", "Bearer x" * 50]
)
def test_a_missing_or_wrong_key_answers_401(world: ApiWorld, header: str | None) -> None:
    response = Client().get(f"{V1}/organisations", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_key_answers_401_and_a_live_one_is_not_found_by_its_prefix_alone(world: ApiWorld) -> None:
    token = token_for(world.coordinator_viewer, "organisations:read")
    key = ApiKey.objects.get(prefix=token.split("_")[1])
    assert _get("/organisations", token).status_code == 200
    # The right prefix with another secret is no key.
    assert _get("/organisations", token[:-4] + "abcd").status_code == 401
    revoke_key(viewer=world.coordinator_viewer, key=key)
    assert _get("/organisations", token).status_code == 401


def test_paging_is_bounded(world: ApiWorld) -> None:
    token = token_for(world.coordinator_viewer, "organisations:read")
    assert _get("/organisations", token, page_size=101).status_code == 422
    assert _get("/organisations", token, page=0).status_code == 422
    first = _get("/organisations", token, page_size=1).json()
    assert len(first["items"]) == 1 and first["total"] > 1 and first["next_page"] == 2
    far = _get("/organisations", token, page=999).json()
    assert far["items"] == [] and far["next_page"] is None


def test_every_call_is_recorded_and_the_key_shows_its_last_use(world: ApiWorld) -> None:
    token = token_for(world.coordinator_viewer, "organisations:read")
    key = ApiKey.objects.get(prefix=token.split("_")[1])
    assert key.last_used_at is None
    _get("/organisations", token)
    _get("/plans", token)
    calls = list(ApiCall.objects.filter(key=key).order_by("id").values_list("method", "path", "status"))
    assert calls == [("GET", f"{V1}/organisations", 200), ("GET", f"{V1}/plans", 404)]
    key.refresh_from_db()
    assert key.last_used_at is not None
    _get("/organisations", None)
    assert ApiCall.objects.filter(key=None, status=401).exists()


def test_over_the_rate_limit_the_answer_is_429_with_retry_after(world: ApiWorld, settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    token = token_for(world.coordinator_viewer, "organisations:read")
    assert [_get("/organisations", token).status_code for _ in range(2)] == [200, 200]
    refused = _get("/organisations", token)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another key has its own count.
    assert (
        _get("/organisations", token_for(world.coordinator_viewer, "organisations:read")).status_code == 200
    )


def test_a_progress_update_is_recorded_through_the_action_and_audited_as_the_key(world: ApiWorld) -> None:
    token = token_for(world.coordinator_viewer, "plans:write", name="Council performance system")
    today = timezone.localdate().isoformat()
    response = _post(
        f"/actions/{world.action.uuid}/progress-updates",
        token,
        {"update_date": today, "rag": "amber", "commentary": "Two of four sessions\x07 held"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    update = ProgressUpdate.objects.get(uuid=body["uuid"])
    assert update.commentary == "Two of four sessions held"
    assert update.author.full_name == "API key: Council performance system"
    event = AuditEvent.objects.filter(verb="plans.progress_update.recorded").latest("id")
    assert event.actor == update.author
    assert event.partnership == world.partnership


def test_a_refused_progress_update_answers_422_and_writes_nothing(world: ApiWorld) -> None:
    token = token_for(world.coordinator_viewer, "plans:write")
    before = ProgressUpdate.objects.count()
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = _post(
        f"/actions/{world.action.uuid}/progress-updates",
        token,
        {"update_date": future, "rag": "green", "commentary": "Ahead"},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "update_date"
    wrong: list[Any] = [
        {"update_date": "2026-01-01", "rag": "purple", "commentary": "x"},
        {"rag": "green"},
        [],
    ]
    for body in wrong:
        assert _post(f"/actions/{world.action.uuid}/progress-updates", token, body).status_code == 422
    assert ProgressUpdate.objects.count() == before


def _row(email: str, **values: str) -> dict[str, str]:
    return {"email": email, "course": "Prevent for governors", "completed_on": "2026-01-10", **values}


def test_bulk_completions_with_a_bad_row_write_nothing_and_name_each_row(world: ApiWorld) -> None:
    token = token_for(world.coordinator_viewer, "training:write")
    completions = Completion.objects.count()
    rows = [
        _row("new.teacher@school.example", name="Nia New", organisation="Westbourne Park School"),
        _row("not an e-mail"),
        _row(
            "another@school.example",
            name="Omar Other",
            organisation="Westbourne Park School",
            course="Knitting",
        ),
    ]
    response = _post("/training/completions", token, {"completions": rows})
    assert response.status_code == 422
    body: dict[str, Any] = response.json()
    assert [problem["row"] for problem in body["problems"]] == [2, 3]
    assert body["problem_count"] == 2
    assert "Knitting" in body["problems"][1]["problem"]
    assert Completion.objects.count() == completions
    assert ImportBatch.objects.latest("id").status == "refused"


def test_bulk_completions_land_once_however_often_they_are_sent(world: ApiWorld) -> None:
    token = token_for(world.coordinator_viewer, "training:write")
    rows = [
        _row("nia.new@school.example", name="Nia New", organisation="Westbourne Park School"),
        _row("omar.other@school.example", name="Omar Other", organisation="Westbourne Park School"),
    ]
    first = _post("/training/completions", token, {"completions": rows})
    assert first.status_code == 200, first.content
    assert first.json() | {"batch": None} == {
        "batch": None,
        "rows": 2,
        "completions_added": 2,
        "people_added": 2,
        "already_recorded": 0,
    }
    again = _post("/training/completions", token, {"completions": rows}).json()
    assert (again["completions_added"], again["people_added"], again["already_recorded"]) == (0, 0, 2)
    event = AuditEvent.objects.filter(verb="training.completions.imported").latest("id")
    assert event.actor is not None
    assert event.actor.full_name == "API key: Learning system"


def test_bulk_completions_are_bounded(world: ApiWorld) -> None:
    token = token_for(world.coordinator_viewer, "training:write")
    assert _post("/training/completions", token, {"completions": []}).status_code == 422
    many = [_row(f"p{n}@school.example") for n in range(1001)]
    assert _post("/training/completions", token, {"completions": many}).status_code == 422


REFERRAL = {
    "given_names": "Zebedee",
    "family_name": "Quarrington",
    "date_of_birth": "2009-02-03",
    "gender": "male",
    "concern_type": "extreme_right_wing",
    "sector": "education",
    "narrative": "Shared videos praising an attacker.",
    "referrer_name": "Rita Referrer",
    "referrer_organisation": "Bow School",
}


def test_a_referral_answers_its_reference_and_receipt_only(world: ApiWorld) -> None:
    token = token_for(world.coordinator_viewer, "referrals:write", name="Schools safeguarding system")
    response = _post("/referrals", token, REFERRAL)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"reference", "received_at", "receipt"}
    assert body["reference"].startswith("TH-")
    assert "Zebedee" not in response.content.decode()
    referral = Referral.objects.get(reference=body["reference"])
    assert referral.submitted_by is not None
    assert referral.submitted_by.full_name == "API key: Schools safeguarding system"
    event = AuditEvent.objects.filter(verb="cases.referral.received").latest("id")
    assert event.actor == referral.submitted_by
    assert "Zebedee" not in json.dumps(event.changes)


def test_a_referral_with_an_unknown_list_entry_is_refused(world: ApiWorld) -> None:
    token = token_for(world.coordinator_viewer, "referrals:write")
    before = Referral.objects.count()
    for wrong in ({"concern_type": "nonsense"}, {"sector": "nonsense"}, {"date_of_birth": "2999-01-01"}):
        response = _post("/referrals", token, REFERRAL | wrong)
        assert response.status_code == 422, wrong
        assert response.json()["field"] == next(iter(wrong))
    assert _post("/referrals", token, REFERRAL | {"narrative": ""}).status_code == 422
    assert Referral.objects.count() == before


def test_statistics_are_the_protected_release(world: ApiWorld) -> None:
    response = _get("/statistics", token_for(world.coordinator_viewer, "statistics:read"))
    assert response.status_code == 200
    body = response.json()
    assert body["protected"] is True
    assert body["periods"], body
    assert any("suppress" in note.lower() or "round" in note.lower() for note in body["notes"])


def test_the_dashboard_is_after_disclosure_control(world: ApiWorld) -> None:
    response = _get("/dashboard", token_for(world.coordinator_viewer, "statistics:read"))
    assert response.status_code == 200
    body = response.json()
    [referrals] = [item for item in body["indicators"] if item["name"] == "Referrals received"]
    assert referrals["current"]["suppressed"] is True
    assert referrals["current"]["value"] is None
    figures = [*referrals["periods"], referrals["current"]]
    threshold = releases.rules_for(world.partnership).threshold
    for figure in figures:
        # Withheld, or a count disclosure control publishes: never a small one.
        if figure["suppressed"]:
            assert figure["value"] is None
        elif figure["value"] is not None:
            assert figure["value"] == 0 or figure["value"] >= threshold
    assert any("suppressed" in note for note in body["notes"])


def test_no_get_answer_holds_a_cases_personal_data(world: ApiWorld) -> None:
    token = token_for(world.coordinator_viewer)
    # The referral of the walks, sent through the referral form's action: Sam Taylor.
    assert Referral.objects.filter(partnership=world.partnership).exists()
    assert _post("/referrals", token, REFERRAL).status_code == 201
    paths = [path for path, _ in [*_lists(world), *_records(world)]] + ["/statistics", "/dashboard"]
    for path in paths:
        text = _get(path, token).content.decode()
        for value in ("Zebedee", "Quarrington", "2009-02-03", "Shared videos", "Rita Referrer", "Taylor"):
            assert value not in text, (path, value)
        # Nor the names of the register's people: completions name a person by identifier.
        assert world.training.person.name not in text, path


def test_the_schema_and_the_documentation_page_are_open(world: ApiWorld) -> None:
    schema = Client().get(f"{V1}/openapi.json").json()
    assert f"{V1}/referrals" in schema["paths"]
    page = Client().get("/api/docs/")
    assert page.status_code == 200
    text = page.content.decode()
    for path in schema["paths"]:
        assert path in text
    assert "statistics:read" in text
