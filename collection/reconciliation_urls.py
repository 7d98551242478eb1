"""The reconciliation pages, mounted under /funds/ by pension/urls.py so their addresses did not change when they
moved from funds to collection (funds, below collection, may not read contributions)."""

from django.urls import path

from .views import reconciliation

app_name = "reconciliation"
urlpatterns = [
    path("reconciliation/", reconciliation.reconciliation, name="reconciliation"),
    path("reconciliation/sign-off/", reconciliation.sign_off, name="sign_off"),
    path("closing/", reconciliation.closing, name="closing"),
    path("closing/export/", reconciliation.closing_export, name="closing_export"),
]
