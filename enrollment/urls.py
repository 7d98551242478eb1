from django.urls import path

from . import views, views_hardship, views_reveal, views_terminations

app_name = "enrollment"
urlpatterns = [
    path("", views.resident_list, name="resident_list"),
    path("export/", views.resident_export, name="resident_export"),
    path("find/", views.resident_find, name="resident_find"),
    path("new/", views.resident_create, name="resident_create"),
    path("natural-villages/", views.natural_village_options, name="natural_village_options"),
    path("id-number-check/", views.id_number_check, name="id_number_check"),
    path("<int:pk>/", views.resident_detail, name="resident_detail"),
    path("<int:pk>/reveal-id/", views_reveal.resident_reveal_id, name="resident_reveal_id"),
    path("<int:pk>/edit/", views.resident_edit, name="resident_edit"),
    path("<int:pk>/enrol/", views.enrollment_create, name="enrollment_create"),
    # Termination takes two people: asked for here, confirmed by a second (county) officer.
    path("enrollments/<int:pk>/termination/", views_terminations.termination_request, name="termination_request"),
    path("terminations/", views_terminations.termination_queue, name="termination_queue"),
    path("terminations/<int:pk>/evidence/", views_terminations.termination_evidence_file,
         name="termination_evidence_file"),
    path("terminations/<int:pk>/confirm/", views_terminations.termination_confirm, name="termination_confirm"),
    path("terminations/<int:pk>/reject/", views_terminations.termination_reject, name="termination_reject"),
    path("terminations/<int:pk>/withdraw/", views_terminations.termination_withdraw, name="termination_withdraw"),
    # The hardship category takes two people too: asked for on the resident's page (or by a list import),
    # confirmed by a second (county) officer.
    path("<int:pk>/hardship-change/", views_hardship.hardship_change_request, name="hardship_change_request"),
    path("hardship-changes/", views_hardship.hardship_queue, name="hardship_queue"),
    path("hardship-changes/<int:pk>/confirm/", views_hardship.hardship_change_confirm, name="hardship_confirm"),
    path("hardship-changes/<int:pk>/reject/", views_hardship.hardship_change_reject, name="hardship_reject"),
    path("hardship-changes/<int:pk>/withdraw/", views_hardship.hardship_change_withdraw, name="hardship_withdraw"),
    path("hardship-changes/imports/", views_hardship.hardship_import_list, name="hardship_import_list"),
    path("hardship-changes/imports/<int:pk>/", views_hardship.hardship_import_detail, name="hardship_import_detail"),
    path("hardship-changes/imports/<int:pk>/errors/", views_hardship.hardship_import_errors,
         name="hardship_import_errors"),
    path("hardship-changes/imports/template/", views_hardship.hardship_import_template,
         name="hardship_import_template"),
]
