from django.urls import path

from .views import assessment, files, findings, flags, home, keydata, plans, templates

app_name = "audit"
urlpatterns = [
    path("", home.home, name="home"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/samples/<int:sample_pk>/", plans.sample_form, name="sample_form"),
    path("plans/<int:pk>/attachments/<int:attachment_pk>/", files.attachment_file, name="attachment_file"),
    path("plans/<int:pk>/complete/", plans.plan_complete, name="plan_complete"),
    path("plans/<int:pk>/record-form.xlsx", plans.plan_export, name="plan_export"),
    path("plans/<int:pk>/record-form/", plans.plan_print, name="plan_print"),
    path("templates/", templates.template_list, name="template_list"),
    path("findings/", findings.finding_list, name="finding_list"),
    path("findings/new/", findings.finding_new, name="finding_new"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/evidence-file/", files.finding_evidence, name="finding_evidence"),
    path("findings/<int:pk>/<slug:action>/", findings.finding_action, name="finding_action"),
    path("flags/", flags.flag_list, name="flag_list"),
    path("flags/run/", flags.flag_run, name="flag_run"),
    path("flags/<int:pk>/decide/", flags.flag_decide, name="flag_decide"),
    path("key-data/", keydata.keydata_list, name="keydata_list"),
    path("key-data/new/", keydata.keydata_new, name="keydata_new"),
    path("key-data/<int:pk>/", keydata.keydata_detail, name="keydata_detail"),
    path("key-data/<int:pk>/evidence-file/", files.keydata_evidence, name="keydata_evidence"),
    path("key-data/<int:pk>/<slug:action>/", keydata.keydata_action, name="keydata_action"),
    path("self-assessment/", assessment.assessment_list, name="assessment_list"),
    path("self-assessment/<int:pk>/", assessment.assessment_detail, name="assessment_detail"),
    path("self-assessment/<int:pk>/export.xlsx", assessment.assessment_export, name="assessment_export"),
    path("self-assessment/<int:pk>/<slug:action>/", assessment.assessment_action, name="assessment_action"),
]
