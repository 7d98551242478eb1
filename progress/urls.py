from django.urls import path

from . import views

app_name = "progress"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("township/<str:code>/", views.township, name="township"),
    path("township/<str:code>/split/", views.township_split, name="township_split"),
    path("township/<str:code>/worklist/export/", views.township_worklist_export, name="township_worklist_export"),
    path("village/<int:pk>/worklist/", views.worklist, name="worklist"),
    path("village/<int:pk>/worklist/export/", views.worklist_export, name="worklist_export"),
    path("compute/", views.compute, name="compute"),
    path("runs/", views.run_list, name="run_list"),
    path("targets/", views.target_list, name="target_list"),
    path("targets/template/", views.target_template, name="target_template"),
    path("targets/imports/<int:pk>/errors/", views.target_import_errors, name="target_import_errors"),
    path("milestones/", views.milestones, name="milestones"),
    path("milestones/<int:pk>/retire/", views.milestone_retire, name="milestone_retire"),
    path("thresholds/", views.thresholds, name="thresholds"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/xlsx/", views.bulletin_xlsx, name="bulletin_xlsx"),
]
