from django.urls import path

from .views import comparison, dashboard, entry, notices, records, roster

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
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/publish/", notices.notices_publish, name="notices_publish"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/print/", notices.notice_print, name="notice_print"),
    path("notices/<int:pk>/export/", notices.notice_export, name="notice_export"),
    path("notices/<int:pk>/posted/", notices.notice_posted, name="notice_posted"),
    path("notices/<int:pk>/objections/", notices.objection_add, name="objection_add"),
    path("objections/<int:pk>/resolve/", notices.objection_resolve, name="objection_resolve"),
    path("notice-runs/<int:pk>/print/", notices.run_print, name="run_print"),
    path("notice-runs/<int:pk>/posting/", notices.posting, name="posting"),
    path("posting-reports/<int:pk>/receive/", notices.posting_receive, name="posting_receive"),
    path("posting-reports/<int:pk>/scan/", notices.posting_scan, name="posting_scan"),
    path("comparison/", comparison.comparison_list, name="comparison_list"),
    path("comparison/<int:pk>/", comparison.comparison_detail, name="comparison_detail"),
    path("comparison/<int:pk>/errors/", comparison.comparison_errors, name="comparison_errors"),
    path("comparison/template/<str:kind>/", comparison.comparison_template, name="comparison_template"),
    path("matches/<int:pk>/decide/", comparison.match_decide, name="match_decide"),
    path("pass-rate/", dashboard.dashboard, name="dashboard"),
    path("pass-rate/compute/", dashboard.dashboard_compute, name="dashboard_compute"),
]
