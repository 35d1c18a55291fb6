"""Equality monitoring: where a partnership's residents are counted (its local authorities),
and the Census 2021 population of each by group, imported from the tables the Office for
National Statistics publishes (performance.population)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Partnership


class PopulationDimension(models.TextChoices):
    ETHNICITY = "ethnicity", "Ethnic group"
    AGE = "age_band", "Age band"
    SEX = "gender", "Sex"
    RELIGION = "religion", "Religion"


class EqualityArea(models.Model):
    """The local authorities a partnership serves (ONS codes, such as E09000030 for Tower
    Hamlets) and its resident population, which scales the England and Wales shares until
    the local tables are imported."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="+")
    local_authority_codes = models.CharField(max_length=200, blank=True)
    residents = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.partnership}: {self.local_authority_codes or 'no local authorities'}"

    def codes(self) -> list[str]:
        return [code.strip().upper() for code in self.local_authority_codes.split(",") if code.strip()]


class PopulationFigure(models.Model):
    """Usual residents of one local authority in one group of one dimension (Census 2021)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=20, choices=PopulationDimension.choices)
    area_code = models.CharField(max_length=12)
    area_name = models.CharField(max_length=100, blank=True)
    group = models.CharField(max_length=40)
    residents = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "dimension", "area_code", "group"], name="population_figure_cell"
            )
        ]
        indexes = [models.Index(fields=["partnership", "dimension"], name="population_dimension")]

    def __str__(self) -> str:
        return f"{self.area_code} {self.dimension} {self.group}: {self.residents}"


class PopulationImport(models.Model):
    """One table imported: who, when, from which file, what it replaced."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=20, choices=PopulationDimension.choices)
    file_name = models.CharField(max_length=200)
    table_title = models.CharField(max_length=200, blank=True)
    rows = models.PositiveIntegerField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} from {self.file_name}"
