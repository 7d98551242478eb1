from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Campaign, Mode, Result


class EntryForm(forms.Form):
    id_number = forms.CharField(label=_("ID number"), max_length=40)
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices, initial=Result.ALIVE)
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.ON_SITE)
    certified_on = forms.DateField(label=_("Certified on"), required=False)
    death_date = forms.DateField(label=_("Death date"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["year", "starts_on", "ends_on"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class CampaignDatesForm(forms.Form):
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    ends_on = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class RosterFilterForm(forms.Form):
    township = forms.IntegerField(required=False)
    village = forms.IntegerField(required=False)
    natural_village = forms.IntegerField(required=False)
    status = forms.CharField(required=False, max_length=12)


class PostedForm(forms.Form):
    posted_on = forms.DateField(label=_("Posted on"))


class ObjectionForm(forms.Form):
    raised_by = forms.CharField(label=_("Raised by"), max_length=50)
    about_resident = forms.IntegerField(label=_("About"), required=False)
    content = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 3}))


class ResolutionForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}))


class PostingReportForm(forms.Form):
    township = forms.IntegerField()
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("stop", _("Stop the pension")), ("dismiss", _("Dismiss"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
