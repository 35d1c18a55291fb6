"""A certificate of completion as a PDF (WeasyPrint, tagged PDF/UA as the other papers
are): the person's name and organisation, the course, the date, the session and trainer
when it was a session, and the partnership."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from lib.dates import add_months
from training.models import Completion


def certificate_html(completion: Completion) -> str:
    return render_to_string(
        "training/certificate_pdf.html",
        {
            "completion": completion,
            "person": completion.person,
            "course": completion.course,
            "session": completion.session,
            "partnership": completion.partnership,
            "issued_on": timezone.localdate(),
            "refresher_due": (
                add_months(completion.completed_on, completion.course.validity_months)
                if completion.course.validity_months
                else None
            ),
        },
    )


def certificate_pdf(completion: Completion) -> bytes:
    return HTML(string=certificate_html(completion)).write_pdf(pdf_variant="pdf/ua-1")


def file_name(completion: Completion) -> str:
    return f"certificate-{completion.course.code}-{completion.completed_on:%Y-%m-%d}.pdf"
