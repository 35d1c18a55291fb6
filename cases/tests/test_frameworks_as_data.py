"""Assessment frameworks as data: a framework loads from a JSON file with
`load_assessment_framework`; a partnership chooses, from a date, the framework new
assessments use; earlier assessments keep theirs; versions compare only within one
framework."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from cases import actions, queries, seeds
from cases.framework_data import VAF_2012, read_framework
from cases.models import (
    AssessmentFactor,
    AssessmentFramework,
    AssessmentSection,
    FrameworkChoice,
    VulnerabilityAssessment,
)
from conftest import Channel, add_person, viewer
from govuk.testing import page
from lib.errors import Refused

pytestmark = pytest.mark.django_db

WORD_PARAGRAPH = (
    "\u201cSmart quotes\u201d \u2013 an en dash, a non\u2011breaking\u00a0space, a soft\u00adhyphen, "
    "\u2018single quotes\u2019 and a tab\tpasted from Word\u2026 " * 20
)
PAF: dict[str, Any] = {
    "name": "Prevent Assessment Framework",
    "version": "1",
    "published_on": "2026-06-01",
    "source": {"publisher": "Home Office", "title": "Prevent assessment framework"},
    "sections": [
        {
            "code": "needs",
            "name": "Needs and vulnerabilities",
            "guidance": "What makes the person susceptible.",
            "factors": [
                {"name": "Isolation", "guidance": "Few trusted adults or friends."},
                {"name": "Online exposure"},
            ],
        },
        {
            "code": "risk",
            "name": "Risk of harm",
            "factors": [{"name": "Expressed intent", "guidance": "Said they would act."}],
        },
    ],
}


def _write(tmp_path: Path, data: Any, name: str = "framework.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _write_bytes(tmp_path: Path, raw: bytes) -> Path:
    path = tmp_path / "raw.json"
    path.write_bytes(raw)
    return path


def _load(path: Path, *extra: str) -> str:
    out = StringIO()
    call_command("load_assessment_framework", str(path), *extra, stdout=out)
    return out.getvalue()


def _snapshot(framework: AssessmentFramework) -> dict[str, Any]:
    return {
        "framework": (
            framework.name,
            framework.version,
            framework.published_on,
            framework.publisher,
            framework.source_title,
        ),
        "sections": [
            (
                section.code,
                section.name,
                section.position,
                section.guidance,
                [(f.position, f.name, f.guidance, f.active) for f in section.factors.order_by("position")],
            )
            for section in framework.sections.order_by("position")
        ],
    }


def _counts() -> tuple[int, ...]:
    return (
        AssessmentFramework.objects.count(),
        AssessmentSection.objects.count(),
        AssessmentFactor.objects.count(),
        FrameworkChoice.objects.count(),
        VulnerabilityAssessment.objects.count(),
        # Writes, not the audited views of the case that showing a form records.
        AuditEvent.objects.exclude(verb__in=("cases.referral.viewed", "cases.list.viewed")).count(),
    )


def _vaf() -> AssessmentFramework:
    return AssessmentFramework.objects.get(name=seeds.VAF_NAME, version=seeds.VAF_VERSION)


def _paf(tmp_path: Path) -> AssessmentFramework:
    _load(_write(tmp_path, PAF))
    return AssessmentFramework.objects.get(name="Prevent Assessment Framework", version="1")


def _date(prefix: str, day: dt.date | tuple[str, str, str]) -> dict[str, str]:
    parts = (str(day.day), str(day.month), str(day.year)) if isinstance(day, dt.date) else day
    return dict(zip((f"{prefix}_day", f"{prefix}_month", f"{prefix}_year"), parts, strict=True))


# --- the 2012 framework as a file ---------------------------------------------------------


def test_the_2012_file_is_what_the_migrations_created_and_loads_the_same(tmp_path: Path) -> None:
    vaf = _vaf()
    created = _snapshot(vaf)
    assert vaf.is_current
    # The same 22 factors as cases/seeds.py gave migration 0002, in the same sections.
    in_file = read_framework(VAF_2012.read_bytes())
    assert in_file.factor_count == 22
    assert {s.code: [f.name for f in s.factors] for s in in_file.sections} == seeds.VAF_FACTORS
    assert [(s.code, s.name) for s in in_file.sections] == [
        ("capability", "Capability"),
        ("engagement", "Engagement"),
        ("intent", "Intent"),
    ]
    # Loading it again changes nothing, and records nothing.
    before = _counts()
    assert "nothing changed" in _load(VAF_2012)
    assert _counts() == before
    assert _snapshot(_vaf()) == created
    # Into a database without it, the file gives exactly what the migrations gave.
    AssessmentFactor.objects.filter(framework=vaf).delete()
    AssessmentSection.objects.filter(framework=vaf).delete()
    vaf.delete()
    assert "22 factors" in _load(VAF_2012)
    assert _snapshot(_vaf()) == created
    assert AuditEvent.objects.filter(verb="cases.assessment_framework.loaded").count() == 1


def test_a_new_framework_loads_from_its_file_once(tmp_path: Path) -> None:
    path = _write(tmp_path, PAF)
    assert "Prevent Assessment Framework (1) loaded: 3 factors." in _load(path)
    paf = AssessmentFramework.objects.get(name="Prevent Assessment Framework")
    assert not paf.is_current
    assert (paf.published_on, paf.publisher, paf.source_title) == (
        dt.date(2026, 6, 1),
        "Home Office",
        "Prevent assessment framework",
    )
    assert [(s.code, s.name, s.guidance) for s in paf.sections.all()] == [
        ("needs", "Needs and vulnerabilities", "What makes the person susceptible."),
        ("risk", "Risk of harm", ""),
    ]
    assert [(f.section.code, f.name, f.guidance) for f in paf.factors.select_related("section")] == [
        ("needs", "Isolation", "Few trusted adults or friends."),
        ("needs", "Online exposure", ""),
        ("risk", "Expressed intent", "Said they would act."),
    ]
    event = AuditEvent.objects.get(verb="cases.assessment_framework.loaded")
    assert event.actor is None
    assert str(paf) in event.object_label
    before = _counts()
    assert "nothing changed" in _load(path)
    assert _counts() == before


def _too_large(tmp_path: Path) -> Path:
    data = {**PAF, "sections": [{**PAF["sections"][0], "guidance": "x" * (1024 * 1024)}]}
    return _write(tmp_path, data)


def _with(**changes: Any) -> dict[str, Any]:
    return {**PAF, **changes}


BAD_FILES: dict[str, tuple[Callable[[Path], Path], list[str]]] = {
    "malformed": (
        lambda tmp: _write(tmp, '{"name": "Prevent Assessment Framework", "version": "1",,}'),
        ["The file is not valid JSON: Expecting property name enclosed in double quotes at line 1"],
    ),
    "not-an-object": (
        lambda tmp: _write(tmp, "[1, 2]"),
        ["The file must hold one JSON object"],
    ),
    "not-utf8": (lambda tmp: _write_bytes(tmp, b'{"name": "\xe9"}'), ["The file is not UTF-8 text"]),
    "missing-fields": (
        lambda tmp: _write(
            tmp,
            {
                "name": "Prevent Assessment Framework",
                "source": {"publisher": "Home Office"},
                "sections": [
                    {"code": "needs", "name": "Needs"},
                    {"name": "", "factors": [{"guidance": "x"}]},
                ],
            },
        ),
        [
            "version: is missing",
            "published_on: is missing",
            "source.title: is missing",
            "sections[0].factors: is missing",
            "sections[1].code: is missing",
            "sections[1].name: must not be empty",
            "sections[1].factors[0].name: is missing",
        ],
    ),
    "bad-values": (
        lambda tmp: _write(
            tmp,
            _with(
                published_on="31/02/2026",
                version=7,
                sections=[{"code": "Needs!", "name": "Needs", "factors": [], "guidence": "typo"}],
            ),
        ),
        [
            "version: must be text",
            "published_on: must be a real date written YYYY-MM-DD",
            "sections[0].guidence: is not a field of a framework file",
            "sections[0].code: must be lower-case letters",
            "sections[0].factors: must be a list with at least one entry",
        ],
    ),
    "duplicate-factors": (
        lambda tmp: _write(
            tmp,
            _with(
                sections=[
                    {
                        "code": "needs",
                        "name": "Needs",
                        "factors": [{"name": "Isolation"}, {"name": " isolation "}],
                    },
                    {"code": "needs", "name": "Again", "factors": [{"name": "Isolation"}]},
                ]
            ),
        ),
        [
            "sections[0].factors[1].name: “isolation” is already a factor of section “Needs”",
            "sections[1].code: “needs” is the code of an earlier section",
        ],
    ),
    "too-large": (_too_large, ["The file is larger than 1024 KB"]),
    "missing-file": (lambda tmp: tmp / "nowhere.json", ["The file cannot be read"]),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_with_the_field_at_fault_and_nothing_written(tmp_path: Path, case: str) -> None:
    make, messages = BAD_FILES[case]
    before = _counts()
    with pytest.raises(CommandError) as refused:
        _load(make(tmp_path))
    said = str(refused.value)
    assert said.startswith("Nothing was loaded.")
    for message in messages:
        assert message in said
    assert _counts() == before


def test_a_loaded_version_changes_only_its_guidance_and_only_when_asked(tmp_path: Path) -> None:
    _load(_write(tmp_path, PAF))
    new_guidance = json.loads(json.dumps(PAF))
    new_guidance["sections"][1]["factors"][0]["guidance"] = "Said, or wrote, that they would act."
    path = _write(tmp_path, new_guidance, "guidance.json")
    before = _counts()
    with pytest.raises(CommandError, match="run the command again with --replace-guidance"):
        _load(path)
    assert _counts() == before
    assert "the guidance of 1 sections or factors replaced" in _load(path, "--replace-guidance")
    assert (
        AssessmentFactor.objects.get(name="Expressed intent").guidance
        == "Said, or wrote, that they would act."
    )
    assert AuditEvent.objects.filter(verb="cases.assessment_framework.guidance_replaced").count() == 1
    # Adding or removing a factor of a loaded version is refused, even with the flag.
    added = json.loads(json.dumps(new_guidance))
    added["sections"][1]["factors"].append({"name": "Access to weapons"})
    removed = json.loads(json.dumps(new_guidance))
    del removed["sections"][0]["factors"][1]
    before = _counts()
    for name, data, message in (
        (
            "added.json",
            added,
            "section risk: “Access to weapons” is in the file but not in the loaded version",
        ),
        (
            "removed.json",
            removed,
            "section needs: “Online exposure” is in the loaded version but not in the file",
        ),
    ):
        with pytest.raises(CommandError) as refused:
            _load(_write(tmp_path, data, name), "--replace-guidance")
        assert "A changed framework needs a new version number" in str(refused.value)
        assert message in str(refused.value)
    assert _counts() == before
    assert [f.name for f in AssessmentFactor.objects.filter(section__code="needs")] == [
        "Isolation",
        "Online exposure",
    ]


# --- a partnership's choice ----------------------------------------------------------------


def _sections(shown: Any) -> list[str]:
    """The headings of the parts of the framework, after the summary and management plan."""
    headings = [h.text for h in shown.by_id("main-content").iter("h2")]
    after = headings.index("Management plan") if "Management plan" in headings else headings.index("Summary")
    return headings[after + 1 :]


def _factors_listed(client: Client) -> list[str]:
    shown = page(client.get("/cases/assessment-factors/").content).by_id("main-content")
    return [item.text for ol in shown.iter("ol") for item in ol.iter("li")]


def _choices_table(client: Client) -> list[dict[str, str]]:
    shown = page(client.get("/cases/settings/assessment-framework/").content)
    tables = shown.by_id("main-content").tables()
    return tables[0].rows if tables else []


def test_a_coordinator_chooses_the_new_framework_from_a_future_date(
    channel: Channel, sign_in: Callable[..., Client], tmp_path: Path
) -> None:
    paf = _paf(tmp_path)
    client = sign_in(channel.coordinator)
    body = client.get("/cases/settings/").content.decode()
    assert "/cases/settings/assessment-framework/" in body
    shown = client.get("/cases/settings/assessment-framework/").content.decode()
    assert "Vulnerability assessments dated today use the Vulnerability Assessment Framework (2012)." in shown
    assert _choices_table(client) == []
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        "/cases/settings/assessment-framework/", {"framework": str(paf.pk), **_date("starts_on", tomorrow)}
    )
    assert response.status_code == 302
    assert _choices_table(client) == [
        {
            "From": f"{tomorrow.day} {tomorrow:%B %Y}",
            "Framework": "Prevent Assessment Framework (1)",
            "Chosen by": channel.coordinator.full_name,
            "Chosen on": f"{timezone.localdate().day} {timezone.localdate():%B %Y}",
        }
    ]
    event = AuditEvent.objects.get(verb="cases.assessment_framework.chosen")
    assert event.partnership_id == channel.progressed.partnership_id
    assert event.changes["framework"] == {
        "from": "Vulnerability Assessment Framework (2012)",
        "to": "Prevent Assessment Framework (1)",
    }
    # Today is unchanged: the form and the factors page still show the 2012 framework.
    form = client.get(f"/cases/{channel.progressed.uuid}/assessments/new/").context["form"]
    assert {factor.framework_id for factor in form.factors} == {_vaf().pk}


def test_a_date_in_the_past_is_refused_and_nothing_changes(
    channel: Channel, sign_in: Callable[..., Client], tmp_path: Path
) -> None:
    paf = _paf(tmp_path)
    client = sign_in(channel.coordinator)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    before = _counts()
    response = client.post(
        "/cases/settings/assessment-framework/", {"framework": str(paf.pk), **_date("starts_on", yesterday)}
    )
    assert response.status_code == 200
    assert "must be today or in the future" in response.content.decode()
    with pytest.raises(Refused, match="today or later"):
        actions.choose_framework(
            viewer=viewer(channel.coordinator, channel.progressed.partnership),
            framework_id=paf.pk,
            starts_on=yesterday,
        )
    assert _counts() == before


def test_assessments_before_the_date_keep_the_old_framework_and_after_it_use_the_new(
    channel: Channel, tmp_path: Path
) -> None:
    paf = _paf(tmp_path)
    partnership = channel.progressed.partnership
    as_coordinator = viewer(channel.coordinator, partnership)
    today = timezone.localdate()
    choice = actions.choose_framework(
        viewer=as_coordinator, framework_id=paf.pk, starts_on=today + dt.timedelta(days=7)
    )
    first = channel.assessment
    assert first.framework == _vaf()
    # A week passes: the date the partnership chose is now behind us.
    FrameworkChoice.objects.filter(pk=choice.pk).update(starts_on=today - dt.timedelta(days=3))
    assert actions.framework_for(partnership, today - dt.timedelta(days=4)) == _vaf()
    assert actions.framework_for(partnership, today - dt.timedelta(days=3)) == paf
    vaf_factor = actions.factors_for(partnership, _vaf())[0]
    before = actions.record_assessment(
        viewer=as_coordinator,
        referral=channel.progressed,
        assessed_on=today - dt.timedelta(days=4),
        findings={vaf_factor.pk: ("not_present", "")},
        summary="Recorded late.",
        management_plan="",
    )
    assert before.framework == _vaf()
    isolation = AssessmentFactor.objects.get(framework=paf, name="Isolation")
    after = actions.record_assessment(
        viewer=as_coordinator,
        referral=channel.progressed,
        assessed_on=today,
        findings={isolation.pk: ("present", "Spends evenings alone online.")},
        summary="Isolated.",
        management_plan="",
    )
    assert after.framework == paf
    assert {f.factor.framework_id for f in after.findings.select_related("factor")} == {paf.pk}
    assert after.findings.count() == 3
    # A form of one framework dated in the other's time is refused, and says why.
    with pytest.raises(Refused, match="this partnership used the Vulnerability Assessment Framework"):
        actions.record_assessment(
            viewer=as_coordinator,
            referral=channel.progressed,
            assessed_on=today - dt.timedelta(days=4),
            findings={isolation.pk: ("not_present", "")},
            summary="Wrong date.",
            management_plan="",
        )
    # Earlier assessments keep theirs.
    first.refresh_from_db()
    assert first.framework == _vaf()
    # Another partnership's choice is its own.
    other = Partnership.objects.create(name="Westminster", slug="westminster", code="WM")
    assert actions.framework_for(other, today) == _vaf()


def test_versions_are_compared_only_within_one_framework(
    channel: Channel, sign_in: Callable[..., Client], tmp_path: Path
) -> None:
    paf = _paf(tmp_path)
    partnership = channel.progressed.partnership
    as_coordinator = viewer(channel.coordinator, partnership)
    today = timezone.localdate()
    actions.choose_framework(viewer=as_coordinator, framework_id=paf.pk, starts_on=today)
    client = sign_in(channel.coordinator)
    url = f"/cases/{channel.progressed.uuid}/assessments/new/"
    form_page = client.get(url)
    assert "This assessment uses the Prevent Assessment Framework (1)." in form_page.content.decode()
    assert "Version 1 (" in form_page.content.decode()
    assert [f.name for f in form_page.context["form"].factors] == [
        "Isolation",
        "Online exposure",
        "Expressed intent",
    ]
    isolation = AssessmentFactor.objects.get(framework=paf, name="Isolation")
    intent = AssessmentFactor.objects.get(framework=paf, name="Expressed intent")
    data = {
        **_date("assessed_on", today),
        "summary": "Isolated.",
        "management_plan": "",
        **{f"finding_{f.pk}": "not_known" for f in form_page.context["form"].factors},
    }
    data[f"finding_{isolation.pk}"] = "present"
    data[f"evidence_{isolation.pk}"] = "Spends evenings alone online."
    response = client.post(url, data)
    second = VulnerabilityAssessment.objects.get(referral=channel.progressed, version=2)
    assert second.framework == paf
    assert response["Location"] == f"/cases/assessments/{second.uuid}/"
    shown = page(client.get(response["Location"]).content)
    notice = shown.by_id("other-framework").text
    assert notice == (
        "Version 1 used the Vulnerability Assessment Framework (2012). Versions are compared only "
        "within one framework, so it is not compared with this version, which uses the Prevent "
        "Assessment Framework (1)."
    )
    assert "This is the first assessment with the Prevent Assessment Framework (1)." in shown.text
    assert shown.by_id("main-content").tables() == []
    assert _sections(shown) == ["Needs and vulnerabilities", "Risk of harm"]
    assert queries.assessment_changes(second, channel.assessment) == []
    # A third version compares with the second, not the first.
    data[f"finding_{intent.pk}"] = "present"
    data[f"evidence_{intent.pk}"] = "Wrote that he would act."
    client.post(url, data)
    third = VulnerabilityAssessment.objects.get(referral=channel.progressed, version=3)
    shown = page(client.get(f"/cases/assessments/{third.uuid}/").content)
    assert "What changed since version 2" in shown.text
    (table,) = shown.by_id("main-content").tables()
    assert table.rows == [
        {
            "Factor": "Expressed intentRisk of harm",
            "Version 2": "Not known",
            "Version 3": "Present",
            "Evidence": "Changed",
        }
    ]
    # The first version, of the 2012 framework, still reads as it did.
    first = page(client.get(f"/cases/assessments/{channel.assessment.uuid}/").content)
    assert _sections(first) == ["Capability", "Engagement", "Intent"]
    assert "This is the first assessment." in first.text


def test_local_factors_stay_with_their_framework(
    channel: Channel, sign_in: Callable[..., Client], tmp_path: Path
) -> None:
    paf = _paf(tmp_path)
    client = sign_in(channel.coordinator)
    client.post("/cases/assessment-factors/", {"section": "engagement", "name": "Online gaming communities"})
    local = AssessmentFactor.objects.get(name="Online gaming communities")
    assert "Online gaming communities Added by this partnership" in _factors_listed(client)
    assert (local.framework, local.section.code, local.partnership_id) == (
        _vaf(),
        "engagement",
        channel.progressed.partnership_id,
    )
    actions.choose_framework(
        viewer=viewer(channel.coordinator, channel.progressed.partnership),
        framework_id=paf.pk,
        starts_on=timezone.localdate(),
    )
    assert "Prevent Assessment Framework (1)" in client.get("/cases/assessment-factors/").content.decode()
    assert _factors_listed(client) == ["Isolation", "Online exposure", "Expressed intent"]
    client.post("/cases/assessment-factors/", {"section": "risk", "name": "Fixated on past attacks"})
    added = AssessmentFactor.objects.get(name="Fixated on past attacks")
    assert (added.framework, added.section.code) == (paf, "risk")
    local.refresh_from_db()
    assert local.framework == _vaf()


# --- access and hostile input --------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r != Role.COORDINATOR])
def test_only_a_coordinator_opens_the_framework_page(
    partnership: Partnership, sign_in: Callable[..., Client], role: Role
) -> None:
    user = add_person(partnership, role)
    client = sign_in(user)
    assert client.get("/cases/settings/assessment-framework/").status_code == 404
    before = _counts()
    assert client.post("/cases/settings/assessment-framework/", {"framework": "1"}).status_code == 404
    assert _counts() == before


def test_another_partnership_neither_sees_nor_changes_the_choice(
    channel: Channel, sign_in: Callable[..., Client], other_partnership: Partnership, tmp_path: Path
) -> None:
    paf = _paf(tmp_path)
    actions.choose_framework(
        viewer=viewer(channel.coordinator, channel.progressed.partnership),
        framework_id=paf.pk,
        starts_on=timezone.localdate() + dt.timedelta(days=1),
    )
    theirs: User = add_person(other_partnership, Role.COORDINATOR, email="coordinator@wm.example.gov.uk")
    client = sign_in(theirs)
    assert _choices_table(client) == []
    # Their page still works for their own partnership, and their forms don't reach ours.
    assert client.get(f"/cases/{channel.progressed.uuid}/assessments/new/").status_code == 404


HOSTILE_CHOICES = {
    "a-word-paragraph": lambda paf, tomorrow: {"framework": WORD_PARAGRAPH, **_date("starts_on", tomorrow)},
    "the-31st-of-february": lambda paf, tomorrow: {
        "framework": str(paf.pk),
        **_date("starts_on", ("31", "02", "2027")),
    },
    "a-framework-that-is-not-there": lambda paf, tomorrow: {
        "framework": "999999",
        **_date("starts_on", tomorrow),
    },
    "sql-in-the-id": lambda paf, tomorrow: {"framework": "1 OR 1=1", **_date("starts_on", tomorrow)},
    "a-word-date": lambda paf, tomorrow: {
        "framework": str(paf.pk),
        **_date("starts_on", (WORD_PARAGRAPH, "2", "2027")),
    },
    "nothing": lambda paf, tomorrow: {},
}


@pytest.mark.parametrize("case", HOSTILE_CHOICES)
def test_the_choice_form_survives_hostile_input(
    channel: Channel, sign_in: Callable[..., Client], tmp_path: Path, case: str
) -> None:
    paf = _paf(tmp_path)
    client = sign_in(channel.coordinator)
    before = _counts()
    response = client.post(
        "/cases/settings/assessment-framework/",
        HOSTILE_CHOICES[case](paf, timezone.localdate() + dt.timedelta(days=1)),
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert _counts() == before


def test_the_factor_and_assessment_forms_survive_hostile_input(
    channel: Channel, sign_in: Callable[..., Client], other_partnership: Partnership, tmp_path: Path
) -> None:
    paf = _paf(tmp_path)
    theirs = actions.add_local_factor(
        viewer=viewer(
            add_person(other_partnership, Role.COORDINATOR, email="coordinator@wm.example.gov.uk"),
            other_partnership,
        ),
        section="engagement",
        name="Their own factor",
    )
    client = sign_in(channel.coordinator)
    before = _counts()
    for data in (
        {"section": "risk", "name": "A factor of a framework not in use"},  # a section of another framework
        {"section": WORD_PARAGRAPH, "name": "Pasted"},
        {"section": "engagement", "name": WORD_PARAGRAPH},  # longer than a factor's name may be
    ):
        response = client.post("/cases/assessment-factors/", data)
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
    assert _counts() == before
    url = f"/cases/{channel.progressed.uuid}/assessments/new/"
    for data in (
        {
            **_date("assessed_on", ("31", "02", "2026")),
            "summary": WORD_PARAGRAPH,
            f"finding_{theirs.pk}": "present",
        },
        {**_date("assessed_on", timezone.localdate()), "summary": "", f"finding_{theirs.pk}": "present"},
        {
            **_date("assessed_on", timezone.localdate()),
            "summary": "Fine",
            f"finding_{AssessmentFactor.objects.filter(framework=_vaf()).first().pk}": WORD_PARAGRAPH,  # type: ignore[union-attr]
        },
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
    assert _counts() == before
    # A valid form with another partnership's factor smuggled in records only its own factors.
    own = {f"finding_{f.pk}": "not_known" for f in client.get(url).context["form"].factors}
    response = client.post(
        url,
        {
            **_date("assessed_on", timezone.localdate()),
            "summary": "Fine",
            **own,
            f"finding_{theirs.pk}": "present",
        },
    )
    assert response.status_code == 302
    recorded = VulnerabilityAssessment.objects.get(referral=channel.progressed, version=2)
    assert theirs.pk not in set(recorded.findings.values_list("factor_id", flat=True))
    assert recorded.framework == _vaf() != paf
