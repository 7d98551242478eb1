"""Choices that several modules of the app (and other apps) name, kept apart from the models so that
models.py and models_hardship.py need not import each other."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Hardship(models.TextChoices):
    """Hardship category (GB/T 40217 AAC148): decides the government's share of the lowest grade (代缴)."""

    NONE = "none", _("None")
    SEVERE_DISABILITY = "severe_disability", _("Severe disability")
    DIBAO = "dibao", _("Minimum living allowance (dibao)")
    TEKUN = "tekun", _("Extreme poverty support (tekun)")
    POVERTY_MONITORED = "poverty_monitored", _("Monitored for falling back into poverty")
    OTHER = "other", _("Other hardship")
