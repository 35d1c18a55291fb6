"""Reading a PDF in tests as its reader reads it: the text WeasyPrint lays out on the
pages (margin boxes included), from the same HTML the view sends it, in the PDF/UA variant
the views produce."""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.formatting_structure import boxes


def laid_out_text(html: str) -> str:
    document = HTML(string=html).render(pdf_variant="pdf/ua-1")
    return " ".join(
        box.text
        for rendered in document.pages
        for box in rendered._page_box.descendants()
        if isinstance(box, boxes.TextBox)
    )
