import pytest

from lib.text import spreadsheet_safe


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Priya Shah", "Priya Shah"),
        ("", ""),
        # A control character is taken out first, so the formula behind it is still caught.
        ("\x01=1+1", "'=1+1"),
    ],
)
def test_a_cell_that_starts_like_a_formula_gets_a_leading_quote(given: str, written: str) -> None:
    assert spreadsheet_safe(given) == written
