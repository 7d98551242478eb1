from django.urls import path

from .views import entry, records, roster

app_name = "certification"
urlpatterns = [
    path("", entry.entry, name="entry"),
    path("entry/save/", entry.entry_save, name="entry_save"),
    path("roster/", roster.roster, name="roster"),
    path("roster/export/", roster.roster_export, name="roster_export"),
    path("roster/print/", roster.roster_print, name="roster_print"),
    path("campaigns/", roster.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/edit/", roster.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/refresh/", roster.campaign_refresh, name="campaign_refresh"),
    path("campaigns/<int:pk>/deadline/", roster.campaign_deadline, name="campaign_deadline"),
    path("campaigns/<int:pk>/suspended/", roster.suspended, name="suspended"),
    path("records/<int:pk>/", records.record_detail, name="record_detail"),
    path("records/<int:pk>/evidence/", records.record_evidence_add, name="record_evidence_add"),
    path("evidence/<int:pk>/", records.evidence_file, name="evidence_file"),
]
