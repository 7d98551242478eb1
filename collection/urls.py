from django.urls import path

from .views import contributions, entry, imports, parameters, receipts

app_name = "collection"
urlpatterns = [
    path("", entry.entry, name="entry"),
    path("entry/lookup/", entry.entry_lookup, name="entry_lookup"),
    path("entry/amounts/", entry.entry_amounts, name="entry_amounts"),
    path("entry/save/", entry.entry_save, name="entry_save"),
    path("contributions/", contributions.contribution_list, name="contribution_list"),
    path("contributions/export/", contributions.contribution_export, name="contribution_export"),
    path("contributions/<int:pk>/", contributions.contribution_detail, name="contribution_detail"),
    path("contributions/<int:pk>/approve/", contributions.contribution_approve, name="contribution_approve"),
    path("contributions/<int:pk>/return/", contributions.contribution_return, name="contribution_return"),
    path("contributions/<int:pk>/reverse/", contributions.contribution_reverse, name="contribution_reverse"),
    path("contributions/<int:pk>/cancel/", contributions.contribution_cancel, name="contribution_cancel"),
    path("contributions/<int:pk>/resubmit/", contributions.contribution_resubmit, name="contribution_resubmit"),
    path("review/", contributions.review, name="review"),
    path("review/approve/", contributions.review_approve_selected, name="review_approve_selected"),
    path("receipt-books/", receipts.book_list, name="book_list"),
    path("receipt-books/<int:pk>/", receipts.book_detail, name="book_detail"),
    path("receipt-books/<int:pk>/void/", receipts.book_void, name="book_void"),
    path("receipt-books/<int:pk>/write-off/", receipts.book_write_off, name="book_write_off"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/template/", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_detail, name="import_detail"),
    path("import/<int:pk>/errors/", imports.import_errors, name="import_errors"),
    path("parameters/", parameters.parameter_index, name="parameter_index"),
    path("parameters/<int:year>/", parameters.parameter_year, name="parameter_year"),
    path("parameters/grades/<int:pk>/", parameters.grade_edit, name="grade_edit"),
]
