"""Everything held about one person, for a subject access request (UK GDPR Art 15):
their details, every referral with its gateway assessment, information shared,
assessments, panel decisions, consent, onward referrals, exits and closures with their
reasons, interventions and sessions, reviews, transfers,
documents, chronology, and who viewed the record. One structure feeds both the JSON
file and the PDF, so the two always agree. Nothing about anyone else is included:
staff are named by role in the work they did, other people's cases never appear."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from weasyprint import HTML

from accounts.models import User
from audit.models import AuditEvent
from cases.models import SPECIAL_CATEGORIES, Person, Referral

Section = dict[str, Any]


def _when(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _staff(user: User | None) -> str | None:
    return user.full_name if user else None


def _person(person: Person) -> Section:
    special = {}
    for name, label in SPECIAL_CATEGORIES.items():
        status, value = person.special_category(name)
        special[label] = {"recorded": value, "not_known": "Not known", "declined": "Declined to say"}.get(
            status, "Not asked"
        )
    return {
        "Given names": person.given_names,
        "Family name": person.family_name,
        "Other names": person.other_name_list(),
        "Date of birth": _when(person.date_of_birth),
        "Gender": person.get_gender_display(),
        "Address": person.address,
        "Postcode": person.postcode,
        "School, college or employer": person.school_or_employer,
        "Contact details": person.contact_details,
        "Equality information": special,
    }


def _referral(referral: Referral) -> Section:
    gateway = getattr(referral, "gateway", None)
    return {
        "Reference": referral.reference,
        "Received": _when(referral.received_at),
        "Stage": referral.get_state_display(),
        "Referred by": f"{referral.referrer_name}, {referral.referrer_organisation}",
        "Sector": referral.sector.label,
        "Type of concern": referral.concern_type.label,
        "Urgency": referral.get_urgency_display(),
        "As referred": {
            "Name": referral.subject_name,
            "Other names": referral.subject_other_names,
            "Date of birth": _when(referral.subject_date_of_birth),
            "Address": referral.subject_address,
            "School, college or employer": referral.subject_school_or_employer,
        },
        "The concern": referral.narrative,
        "Vulnerabilities": referral.vulnerabilities,
        "Gateway assessment": {
            "Deconfliction recorded": _when(gateway.deconflicted_at),
            "Deconfliction": [
                {
                    "Consulted": entry.consulted,
                    "Outcome": entry.get_outcome_display(),
                    "Checks and conditions": entry.notes,
                    "Recorded": _when(entry.recorded_at),
                }
                for entry in referral.deconflictions.all()
            ],
            "Screening information": [
                {
                    "Source": info.source,
                    "What": info.what,
                    "Legal basis": info.get_legal_basis_display(),
                    "Recorded": _when(info.recorded_at),
                }
                for info in referral.screening.all()
            ],
            "Decision": gateway.get_decision_display(),
            "Signposted to": gateway.signposted_to.label if gateway.signposted_to else None,
            "Reasons": gateway.reasons,
            "Decided": _when(gateway.decided_at),
            "Decided by": _staff(gateway.decided_by),
        }
        if gateway
        else None,
        "Information shared": [
            {
                "Direction": sharing.get_direction_display(),
                "Partner": sharing.partner,
                "Legal basis": sharing.get_legal_basis_display(),
                "What": sharing.subject,
                "Sent": _when(sharing.sent_at),
                "Answer": sharing.response,
                "Answered": _when(sharing.answered_at),
            }
            for sharing in referral.sharing_requests.all()
        ],
        "Vulnerability assessments": [
            {
                "Version": assessment.version,
                "Assessed on": _when(assessment.assessed_on),
                "Framework": str(assessment.framework),
                "By": _staff(assessment.author),
                "Summary": assessment.summary,
                "Management plan": assessment.management_plan,
                "Findings": [
                    {
                        "Factor": finding.factor.name,
                        "Section": finding.factor.section.name,
                        "Finding": finding.get_finding_display(),
                        "Evidence": finding.evidence,
                    }
                    for finding in assessment.findings.select_related("factor__section", "data_key")
                ],
            }
            for assessment in referral.assessments.select_related("author", "framework").order_by("version")
        ],
        "Panel decisions": [
            {
                "Meeting": _when(item.meeting.meets_at),
                "Purpose": item.get_purpose_display(),
                "Decision": item.get_decision_display() or "Waiting for a decision",
                "Reasons": item.reasons,
                "Actions": [
                    {"What": action.description, "Owner": _staff(action.owner), "Due": _when(action.due_on)}
                    for action in item.actions.select_related("owner")
                ],
            }
            for item in referral.agenda_items.select_related("meeting").order_by("meeting__meets_at")
        ],
        "Consent": [
            {
                "Decision": consent.get_decision_display(),
                "Given by": consent.get_given_by_display(),
                "Name of parent or guardian": consent.giver_name,
                "Age on the day": consent.age_on_the_day,
                "How": consent.get_method_display(),
                "On": _when(consent.given_on),
                "Notes on capacity": consent.capacity_notes,
                "Withdrawn on": _when(consent.withdrawn_on),
                "Reason for withdrawal": consent.withdrawal_reason,
                "Local authority holding parental responsibility": consent.local_authority,
                "Who gave or refused consent for the local authority": consent.authority_contact,
                "Capacity assessed on": _when(consent.capacity_assessed_on),
                "Capacity assessed by": consent.capacity_assessor,
                "Best-interests decision by": consent.best_interests_decider,
                "Consulted": consent.best_interests_consulted,
                "Reasons for the best-interests decision": consent.best_interests_reasons,
            }
            for consent in referral.consents.all()
        ],
        "Onward referrals": [
            {
                "To": onward.get_kind_display(),
                "Organisation or team": onward.referred_to,
                "On": _when(onward.referred_on),
            }
            for onward in referral.onward_referrals.all()
        ],
        "Exits and closures": [
            {
                "What": closure.get_stage_display(),
                "On": _when(closure.decided_on),
                "Reason": closure.reason_label,
                "Reasons for the return to the police": closure.reasons,
            }
            for closure in referral.closures.order_by("decided_on", "id")
        ],
        "Interventions": [
            {
                "Type": intervention.intervention_type.label,
                "Provider": intervention.provider_organisation,
                "Starts": _when(intervention.starts_on),
                "Expected frequency": intervention.get_frequency_days_display(),
                "Status": intervention.get_status_display(),
                "Ended": _when(intervention.ended_on),
                "Sessions": [
                    {
                        "Held on": _when(session.held_on),
                        "Attended": "Yes" if session.attended else "No",
                        "Notes": session.notes,
                    }
                    for session in intervention.sessions.select_related("data_key").order_by("held_on")
                ],
            }
            for intervention in referral.interventions.select_related("intervention_type")
        ],
        "Support plan": _support_plan(referral),
        "Reviews": [
            {
                "Review": review.get_kind_display(),
                "Due": _when(review.due_on),
                "Held": _when(review.held_on),
                "Cancelled": _when(review.cancelled_on),
                "Outcome": review.outcome,
            }
            for review in referral.reviews.all()
        ],
        "Transfers": [
            {
                "From": transfer.from_partnership.name,
                "To": transfer.to_partnership.name,
                "Requested": _when(transfer.requested_at),
                "Status": transfer.get_status_display(),
            }
            for transfer in referral.transfers.select_related("from_partnership", "to_partnership")
        ],
        "Documents": [
            {"Name": document.name, "Added": _when(document.uploaded_at), "Size in bytes": document.size}
            for document in referral.documents.all()
        ],
        "Chronology": [
            {"When": _when(event.occurred_at), "What": event.summary}
            for event in referral.events.order_by("occurred_at", "id")
        ],
    }


def _support_plan(referral: Referral) -> list[Section]:
    """Every version of the case's support plan, with its needs and the progress recorded."""
    from cases.models import SupportPlanVersion

    versions = SupportPlanVersion.objects.filter(plan__referral=referral).select_related("signed_off_by")
    return [
        {
            "Version": version.number,
            "Signed off": _when(version.signed_off_on),
            "Signed off by": _staff(version.signed_off_by),
            "Replaced": _when(version.superseded_on),
            "Needs": [
                {
                    "Need": need.need,
                    "Factor": need.factor.name,
                    "Intended outcome": need.outcome,
                    "Interventions": [i.intervention_type.label for i in need.interventions.all()],
                    "Progress": [
                        {
                            "Reviewed on": _when(entry.progress_review.reviewed_on),
                            "Progress": entry.get_rating_display(),
                            "Notes": entry.note,
                        }
                        for entry in need.progress.select_related("progress_review", "data_key")
                    ],
                }
                for need in version.needs.select_related("factor", "data_key").prefetch_related(
                    "interventions__intervention_type"
                )
            ],
        }
        for version in versions.order_by("number")
    ]


def _views(person: Person, referrals: list[Referral]) -> list[Section]:
    """Who looked at or changed the person's records, from the audit log."""
    ids = [str(person.uuid), *(str(r.uuid) for r in referrals)]
    events = AuditEvent.objects.filter(object_id__in=ids).select_related("actor").order_by("id")
    return [
        {
            "When": _when(event.occurred_at),
            "Who": _staff(event.actor),
            "Record": event.object_label,
            "What": "Viewed " + str(event.changes.get("page", {}).get("to", ""))
            if event.verb == "cases.referral.viewed"
            else event.verb.removeprefix("cases.").replace("_", " ").replace(".", ": "),
        }
        for event in events
    ]


def collect(person: Person, *, produced_at: dt.datetime, produced_by: User) -> dict[str, Any]:
    referrals = list(
        person.referrals.select_related(
            "data_key",
            "sector",
            "concern_type",
            "gateway__signposted_to",
            "gateway__decided_by",
        ).order_by("received_at")
    )
    return {
        "Produced": _when(produced_at),
        "Produced by": f"{produced_by.full_name}, {person.partnership.name}",
        "Partnership": person.partnership.name,
        "The person": _person(person),
        "Referrals": [_referral(referral) for referral in referrals],
        "Who viewed or changed these records": _views(person, referrals),
    }


def as_html(value: Any, level: int = 2) -> SafeString:
    """The collected structure as nested description lists, for the PDF."""
    if isinstance(value, dict):
        rows = []
        for key, item in value.items():
            if isinstance(item, list) and item and isinstance(item[0], dict):
                rows.append(format_html("<h{0}>{1}</h{0}>{2}", min(level, 6), key, as_html(item, level + 1)))
            else:
                rows.append(
                    format_html("<div class='row'><dt>{}</dt><dd>{}</dd></div>", key, as_html(item, level))
                )
        return format_html("<dl>{}</dl>", mark_safe("".join(rows)))  # noqa: S308 - parts escaped above
    if isinstance(value, list):
        if not value:
            return format_html("{}", "None")
        if isinstance(value[0], dict):
            return format_html_join(
                "",
                "<section><p class='entry'>{} of {}</p>{}</section>",
                ((n, len(value), as_html(item, level)) for n, item in enumerate(value, 1)),
            )
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((item,) for item in value)))
    if value in (None, ""):
        return format_html("{}", "Not recorded")
    return format_html("{}", value)


def archive(person: Person, *, produced_at: dt.datetime, produced_by: User) -> tuple[bytes, int]:
    """A ZIP archive holding subject-access.json and subject-access.pdf."""
    data = collect(person, produced_at=produced_at, produced_by=produced_by)
    html = render_to_string(
        "cases/subject_access.html",
        {
            "data": data,
            "produced_by": data["Produced by"],
            "body": as_html({k: v for k, v in data.items() if k not in ("Produced", "Produced by")}),
        },
    )
    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("subject-access.json", json.dumps(data, indent=2, ensure_ascii=False))
        bundle.writestr("subject-access.pdf", pdf)
    return buffer.getvalue(), len(data["Referrals"])
