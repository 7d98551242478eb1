from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AreaLevel(models.TextChoices):
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township / street")
    VILLAGE = "village", _("Village / community")
    NATURAL = "natural", _("Natural village")


class Area(models.Model):
    """One node of county → township → village → natural village.

    Codes: county 6 digits, township 9, village 12 (official statistical codes); a natural village has
    no national code, so it gets the village code plus a 3-digit local number.
    `township` is denormalised (itself for a township, its ancestor below) so that scope filters
    and per-township aggregates are one indexed equality, not a join up the tree.
    """

    code = models.CharField(_("code"), max_length=15, unique=True)
    # Context: the kernel catalogue comes first, and a resident's "name" is 姓名, an area's 名称.
    name = models.CharField(pgettext_lazy("area", "name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    township = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("township")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        parts, node = [], self
        while node is not None and node.level != AreaLevel.COUNTY:
            parts.append(node.name)
            node = node.parent
        return " ".join(reversed(parts))


# A township user sees their township and everything under it; a village user their village and its
# natural villages.
Area.SCOPE_PATHS = {"township": "township_id", "village": ("id", "parent_id")}
