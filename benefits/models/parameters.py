"""The county's benefit parameters: one dated row per change, in force from its month until the next row's."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .recipients import MONEY


class Rounding(models.TextChoices):
    CENT_HALF_UP = "cent_half_up", _("To the cent, half up")
    CENT_DOWN = "cent_down", _("To the cent, fractions dropped")
    JIAO_HALF_UP = "jiao_half_up", _("To the jiao (0.1 yuan), half up")
    JIAO_UP = "jiao_up", _("Up to the next jiao (0.1 yuan)")


class BenefitParameter(models.Model):
    """Basic pension per month by level (national minimum, provincial and county top-ups, kept apart so each
    level's share can be reported), the long-contribution extra (长缴加发) per year beyond `extra_after_years`,
    the divisor for the account part (139 at 60), rounding, the optional funeral grant (丧葬补助金), and what
    the newly-of-age list needs (the scheme's first year, the back payment per missing year)."""

    valid_from = models.DateField(_("in force from (month)"), unique=True)
    basic_national = models.DecimalField(_("basic pension: national minimum"), **MONEY)
    basic_provincial = models.DecimalField(_("basic pension: provincial top-up"), default=0, **MONEY)
    basic_county = models.DecimalField(_("basic pension: county top-up"), default=0, **MONEY)
    extra_per_year = models.DecimalField(_("extra per contribution year beyond the threshold"), default=0, **MONEY)
    extra_after_years = models.PositiveSmallIntegerField(_("extra paid for years beyond"), default=15)
    divisor = models.PositiveSmallIntegerField(_("account divisor (months)"), default=139)
    rounding = models.CharField(_("rounding"), max_length=16, choices=Rounding.choices,
                                default=Rounding.CENT_HALF_UP)
    funeral_grant = models.DecimalField(_("funeral grant (one-off, 0 for none)"), default=0, **MONEY)
    scheme_start_year = models.PositiveSmallIntegerField(_("first year of the scheme"), default=2011)
    back_payment_per_year = models.DecimalField(_("back payment per missing year"), default=200, **MONEY)
    change_alert_percent = models.DecimalField(_("month-on-month change flagged above (%)"), max_digits=5,
                                               decimal_places=2, default=10)
    source = models.CharField(_("source document"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(basic_national__gt=0, basic_provincial__gte=0, basic_county__gte=0,
                                               extra_per_year__gte=0, funeral_grant__gte=0, divisor__gt=0),
                                   name="benefit_parameter_sane"),
        ]
        verbose_name = _("benefit parameter")
        verbose_name_plural = _("benefit parameters")

    def __str__(self) -> str:
        return f"{self.valid_from:%Y-%m} {self.basic_total}"

    @property
    def basic_total(self):
        return self.basic_national + self.basic_provincial + self.basic_county
