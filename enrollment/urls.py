from django.urls import path

from . import views, views_reveal, views_terminations

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
    path("terminations/<int:pk>/confirm/", views_terminations.termination_confirm, name="termination_confirm"),
    path("terminations/<int:pk>/reject/", views_terminations.termination_reject, name="termination_reject"),
    path("terminations/<int:pk>/withdraw/", views_terminations.termination_withdraw, name="termination_withdraw"),
]
