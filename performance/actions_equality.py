"""The writes of equality monitoring: the partnership's local authorities and residents,
and the Census tables imported for them (replacing what an earlier import of the same
table gave)."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Role
from audit.log import record
from lib.errors import Refused
from performance.models import EqualityArea, PopulationDimension, PopulationFigure, PopulationImport
from performance.population import Parsed

CODE = re.compile(r"[EWSN]\d{8}")
MAX_CODES = 12


def _coordinator(viewer: Viewer) -> None:
    if not viewer.has_any(Role.COORDINATOR):
        raise Refused("Only the Prevent coordinator sets the population figures")


@transaction.atomic
def set_area(*, viewer: Viewer, codes: str, residents: int) -> EqualityArea:
    _coordinator(viewer)
    listed = [code.strip().upper() for code in re.split(r"[,\s]+", codes) if code.strip()]
    if len(listed) > MAX_CODES:
        raise Refused(f"Enter at most {MAX_CODES} local authority codes", field="local_authority_codes")
    wrong = [code for code in listed if not CODE.fullmatch(code)]
    if wrong:
        raise Refused(
            f"{wrong[0][:12]} is not a local authority code: codes are a letter and 8 digits, like E09000030",
            field="local_authority_codes",
        )
    if not 0 <= residents <= 100_000_000:
        raise Refused("Enter the number of residents as a whole number", field="residents")
    area, _ = EqualityArea.objects.select_for_update().get_or_create(partnership=viewer.partnership)
    before = (area.local_authority_codes, area.residents)
    area.local_authority_codes = ", ".join(dict.fromkeys(listed))
    area.residents = residents
    area.save()
    record(
        verb="performance.equality_area.set",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=area,
        label="Equality monitoring population",
        changes={
            "local_authority_codes": {"from": before[0], "to": area.local_authority_codes},
            "residents": {"from": before[1], "to": area.residents},
        },
    )
    return area


@transaction.atomic
def import_population(*, viewer: Viewer, parsed: Parsed, file_name: str) -> PopulationImport:
    _coordinator(viewer)
    if parsed.dimension not in PopulationDimension.values or not parsed.figures:
        raise Refused("The file has no figures to import", field="file")
    replaced = PopulationFigure.objects.filter(partnership=viewer.partnership, dimension=parsed.dimension)
    before = replaced.count()
    replaced.delete()
    PopulationFigure.objects.bulk_create(
        PopulationFigure(
            partnership=viewer.partnership,
            dimension=parsed.dimension,
            area_code=code,
            area_name=name,
            group=group,
            residents=residents,
        )
        for (code, name, group), residents in parsed.figures.items()
    )
    done = PopulationImport.objects.create(
        partnership=viewer.partnership,
        dimension=parsed.dimension,
        file_name=file_name[:200],
        table_title=parsed.title[:200],
        rows=len(parsed.figures),
        imported_by=viewer.user,
        imported_at=timezone.now(),
    )
    record(
        verb="performance.population.imported",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=done,
        label=str(done),
        changes={"figures": {"from": before, "to": len(parsed.figures)}},
    )
    return done
