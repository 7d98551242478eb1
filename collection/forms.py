from django import forms
from django.utils.translation import gettext_lazy as _

from enrollment.models import Hardship
from pension.models import AreaLevel
from pension.params import MAX_YEAR, MIN_YEAR
from pension.scope import scoped_areas

from .models import Channel, ContributionStatus


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class EntryForm(forms.Form):
    resident = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(label=_("Year paid for"))
    grade = forms.CharField(label=_("Grade"), max_length=20)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.CASH)
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=20, required=False)
    paid_on = forms.DateField(label=_("Paid on"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReopenAskForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), max_length=200)


class ReopenRejectForm(forms.Form):
    note = forms.CharField(label=_("Reason for rejection"), max_length=500)


class ResubmitForm(forms.Form):
    """The township corrects a returned entry: the grades of the entry's year to choose from, the date kept (an
    ISO value, which the browser's date field shows)."""

    grade = forms.ChoiceField(label=_("Grade"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=20, required=False)
    paid_on = forms.DateField(label=_("Paid on"), input_formats=["%Y-%m-%d"],
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [(f"{g:.2f}", f"¥{g:,.2f}") for g in grades]


class ContributionFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False)
    township = forms.CharField(label=_("Township"), required=False)
    village = forms.IntegerField(label=_("Village"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(ContributionStatus.choices))


class ReceiptBookForm(forms.Form):
    township = AreaChoiceField(label=_("Township"), queryset=None)
    first_number = forms.CharField(label=_("First number"), max_length=20)
    last_number = forms.CharField(label=_("Last number"), max_length=20)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = scoped_areas(user, AreaLevel.TOWNSHIP)


class VoidForm(forms.Form):
    first_number = forms.CharField(label=_("First number"), max_length=20)
    last_number = forms.CharField(label=_("Last number (for a range)"), max_length=20, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"))
    township = AreaChoiceField(label=_("Township"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        townships = scoped_areas(user, AreaLevel.TOWNSHIP)
        self.fields["township"].queryset = townships
        if townships.count() == 1:
            self.fields["township"].initial = townships.first()


class GradeForm(forms.Form):
    amount = forms.DecimalField(label=_("Grade (personal amount)"), max_digits=12, decimal_places=2)
    subsidy_central = forms.DecimalField(label=_("Central subsidy"), max_digits=12, decimal_places=2, initial=0)
    subsidy_provincial = forms.DecimalField(label=_("Provincial subsidy"), max_digits=12, decimal_places=2,
                                            initial=0)
    subsidy_municipal = forms.DecimalField(label=_("Municipal subsidy"), max_digits=12, decimal_places=2, initial=0)
    subsidy_county = forms.DecimalField(label=_("County subsidy"), max_digits=12, decimal_places=2, initial=0)
    subsidy_total = forms.DecimalField(label=_("Subsidy in total (check)"), max_digits=12, decimal_places=2,
                                       required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class CollectionYearForm(forms.Form):
    opens_on = forms.DateField(label=_("Opens on"),
                               widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closes on"),
                                widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    back_payment_years = forms.IntegerField(label=_("Past years open to back payment"), min_value=0, max_value=15)
    back_payment_over_60 = forms.BooleanField(label=_("Residents aged 60 or over may back-pay"), required=False)
    late_entry_days = forms.IntegerField(label=_("Days after closing for late entries"), min_value=0,
                                         max_value=60, initial=10, required=False)


class HardshipShareForm(forms.Form):
    hardship = forms.ChoiceField(label=_("Hardship category"),
                                 choices=[c for c in Hardship.choices if c[0] != Hardship.NONE])
    share = forms.CharField(label=_("Share of the lowest grade paid by the government"), max_length=10)


class CollectiveSubsidyForm(forms.Form):
    village = AreaChoiceField(label=_("Village"), queryset=None)
    amount = forms.DecimalField(label=_("Amount per payer"), max_digits=12, decimal_places=2)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = scoped_areas(user, AreaLevel.VILLAGE).select_related("parent")


class NewYearForm(forms.Form):
    year = forms.IntegerField(label=_("New year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    copy_from = forms.IntegerField(label=_("Copy grades from"), min_value=MIN_YEAR, max_value=MAX_YEAR)


class ReviewFilterForm(forms.Form):
    """The review queue's filters (issue 11 item 5): all optional; a value that is not valid is reported, not used."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    township = forms.CharField(label=_("Township"), required=False, max_length=12)
    village = forms.IntegerField(label=_("Village"), required=False, min_value=1, max_value=2**62)
    maker = forms.IntegerField(label=_("Entered by"), required=False, min_value=1, max_value=2**62)
    date_from = forms.DateField(label=_("Paid from"), required=False, input_formats=["%Y-%m-%d"])
    date_to = forms.DateField(label=_("Paid to"), required=False, input_formats=["%Y-%m-%d"])
    q = forms.CharField(label=_("Name"), required=False, max_length=50)
