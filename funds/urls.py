from django.urls import path

from . import views, views_entry

app_name = "funds"
urlpatterns = [
    path("deposits/", views.deposit_list, name="deposit_list"),
    path("deposits/new/", views_entry.deposit_new, name="deposit_new"),
    path("deposits/upload/", views.deposit_upload, name="deposit_upload"),
    path("deposits/template/", views.deposit_template, name="deposit_template"),
    path("deposits/<int:pk>/reverse/", views.deposit_reverse, name="deposit_reverse"),
    path("deposits/cancellations/<int:proposal_pk>/confirm/", views.deposit_reverse_decide, {"decision": "confirm"},
         name="deposit_reverse_confirm"),
    path("deposits/cancellations/<int:proposal_pk>/reject/", views.deposit_reverse_decide, {"decision": "reject"},
         name="deposit_reverse_reject"),
    path("interest/", views.interest, name="interest"),
    path("interest/post/", views.interest_post, name="interest_post"),
    path("interest/rate/", views.interest_rate_edit, name="interest_rate_edit"),
    path("accounts/", views.account_list, name="account_list"),
    path("accounts/<int:resident_id>/statement/", views.statement, name="statement"),
    path("accounts/<int:resident_id>/statement/export/", views.statement_export, name="statement_export"),
]
