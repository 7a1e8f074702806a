from rest_framework.pagination import CursorPagination


class CursorPage(CursorPagination):
    """Cursor pagination in each view's own stable order (`cursor_ordering`).

    A cursor stays right while rows are added, which page numbers do not.
    """

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_ordering(self, request, queryset, view):
        return view.cursor_ordering
