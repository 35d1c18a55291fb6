import datetime as dt


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the quarter containing `day`. Calendar and financial-year
    quarters share these boundaries (1 January, April, July and October)."""
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
