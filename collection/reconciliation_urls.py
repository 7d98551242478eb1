"""The reconciliation pages, mounted under /funds/ by pension/urls.py so their addresses did not change when they
moved from funds to collection (funds, below collection, may not read contributions)."""

from django.urls import path

from .views import reconciliation

app_name = "reconciliation"
urlpatterns = [
    path("reconciliation/", reconciliation.reconciliation, name="reconciliation"),
    path("reconciliation/sign-off/", reconciliation.sign_off, name="sign_off"),
    path("reconciliation/reopen/", reconciliation.reopen_request, name="reopen_request"),
    path("reconciliation/reopen-requests/", reconciliation.reopen_queue, name="reopen_queue"),
    path("reconciliation/reopen-requests/<int:pk>/confirm/", reconciliation.reopen_confirm, name="reopen_confirm"),
    path("reconciliation/reopen-requests/<int:pk>/reject/", reconciliation.reopen_reject, name="reopen_reject"),
    path("reconciliation/reopen-requests/<int:pk>/withdraw/", reconciliation.reopen_withdraw,
         name="reopen_withdraw"),
    path("closing/", reconciliation.closing, name="closing"),
    path("closing/export/", reconciliation.closing_export, name="closing_export"),
]
