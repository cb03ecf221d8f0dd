"""Shared pieces of the REST API: pagination with a bounded `page_size`."""

from rest_framework.pagination import PageNumberPagination


class PageSizePagination(PageNumberPagination):
    """Pages of 50 by default; `?page_size=` up to 1000 so one call can fetch every State."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000
