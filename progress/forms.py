from django import forms
from django.utils.translation import gettext_lazy as _


class TargetImportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2009, max_value=2100)
    file = forms.FileField(label=_("Target workbook (.xlsx)"))


class MilestoneForm(forms.Form):
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    share = forms.DecimalField(label=_("Share of the collection target (%)"), max_digits=5, decimal_places=2,
                               min_value=0, max_value=100)


class ThresholdsForm(forms.Form):
    behind_points = forms.DecimalField(
        label=_("Behind: more than this many points below the expected share"), max_digits=5, decimal_places=2,
        min_value=0, max_value=100,
    )
    far_behind_points = forms.DecimalField(
        label=_("Far behind: more than this many points below the expected share"), max_digits=5, decimal_places=2,
        min_value=0, max_value=100,
    )


class ScheduleForm(forms.Form):
    task = forms.IntegerField(widget=forms.HiddenInput)
    minute = forms.CharField(label=_("Minute"), max_length=60)
    hour = forms.CharField(label=_("Hour"), max_length=60)
    day_of_week = forms.CharField(label=_("Day of week (1 = Monday, * = every day)"), max_length=60)
    enabled = forms.BooleanField(label=_("On"), required=False)


class TargetSplitForm(forms.Form):
    """One text field per village of the township (named by the village's code), prefilled with its current
    collection target; the service reads the numbers (whole persons, ASCII digits only)."""

    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=200)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.village_fields = []
        for village, target in villages:
            self.fields[village.code] = forms.CharField(
                label=village.name, required=False, max_length=12, strip=False,
                initial=target.paying_target if target is not None else "",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "data-share": "",
                                              "class": "num", "size": 8}),
            )
            self.village_fields.append(village.code)
        self.order_fields([*self.village_fields, "reason"])
