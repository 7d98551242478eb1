"""Pagination that fetches a page's primary keys first, then only that page's rows.

`SELECT id … ORDER BY name, id LIMIT 50 OFFSET k` can be answered from a covering index alone (an index-only
scan that also applies a cheap filter such as `name LIKE '%王%'` to the index entries), where the same query
for whole rows visits the table for every row it skips. The rows of the page are then fetched by primary key,
with the queryset's own select_related and ordering. Used by the pages (Paginator) and the API (DRF)."""

from django.core.paginator import Paginator
from django.db.models import QuerySet


class IdFirstPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        objects = self.object_list
        if isinstance(objects, QuerySet) and objects.ordered:
            ids = list(objects.values_list("pk", flat=True)[bottom:top])
            rows = list(objects.filter(pk__in=ids)) if ids else []
        else:
            rows = objects[bottom:top]
        return self._get_page(rows, number, self)
