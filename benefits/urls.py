from django.urls import path

from .views import awards, due, other_pensions, parameters, payrolls, recipients, stops

app_name = "benefits"
urlpatterns = [
    path("due/", due.due_list, name="due_list"),
    path("due/build/", due.due_build, name="due_build"),
    path("awards/", awards.award_list, name="award_list"),
    path("awards/propose/", awards.award_propose, name="award_propose"),
    path("awards/<int:pk>/", awards.award_detail, name="award_detail"),
    path("awards/<int:pk>/check/", awards.award_check, name="award_check"),
    path("payrolls/", payrolls.payroll_list, name="payroll_list"),
    path("payrolls/<int:pk>/", payrolls.payroll_detail, name="payroll_detail"),
    path("payrolls/<int:pk>/approve/", payrolls.payroll_approve, name="payroll_approve"),
    path("payrolls/<int:pk>/bank-file/", payrolls.payroll_bank_file, name="payroll_bank_file"),
    path("payrolls/<int:pk>/returns/", payrolls.payroll_returns, name="payroll_returns"),
    path("payrolls/<int:pk>/second-batch/", payrolls.payroll_second_batch, name="payroll_second_batch"),
    path("recipients/", recipients.recipient_list, name="recipient_list"),
    path("recipients/<int:pk>/", recipients.recipient_detail, name="recipient_detail"),
    path("recipients/<int:pk>/change/", recipients.recipient_change, name="recipient_change"),
    path("residents/<int:resident_id>/", recipients.recipient_for_resident, name="recipient_for_resident"),
    path("overpayments/", recipients.overpayment_list, name="overpayment_list"),
    path("overpayments/<int:pk>/recover/", recipients.recovery_add, name="recovery_add"),
    path("recoveries/<int:pk>/check/", recipients.recovery_check, name="recovery_check"),
    path("recoveries/<int:pk>/reverse/", recipients.recovery_reverse, name="recovery_reverse"),
    path("settlements/<int:pk>/approve/", recipients.settlement_approve, name="settlement_approve"),
    path("stop-requests/", stops.stop_request_list, name="stop_request_list"),
    path("stop-requests/<int:pk>/check/", stops.stop_request_check, name="stop_request_check"),
    path("other-pensions/", other_pensions.other_pension_list, name="other_pension_list"),
    path("other-pensions/<int:pk>/check/", other_pensions.other_pension_check, name="other_pension_check"),
    path("parameters/", parameters.parameter_index, name="parameter_index"),
    path("parameters/<int:pk>/adjust/", parameters.adjustment_prepare, name="adjustment_prepare"),
    path("adjustments/<int:pk>/approve/", parameters.adjustment_approve, name="adjustment_approve"),
]
