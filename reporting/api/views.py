"""The API's endpoints: read-only, each with the access rules of the pages it mirrors.

Agreements come through agreement.access.get_agreement_for_user, activities through
reporting.access.visible_activities, and the figures from the roll-up tables through
the selectors the dashboards read.
"""

from django.db.models import Max
from rest_framework.generics import GenericAPIView
from rest_framework.mixins import ListModelMixin
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from agreement.access import get_agreement_for_user, visible_agreements
from agreement.models import Agreement, Municipality, Organisation
from goals.models import Target
from goals.selectors import agreement_outline
from reporting.access import visible_activities
from reporting.api import filters, serializers
from reporting.api.conditional import ConditionalMixin
from reporting.models import Activity, RollupState, TargetMonth, TargetProgress
from reporting.rollups.selectors import (
    Scope,
    agreement_progress,
    municipality_figures,
    pace_share,
)


class ApiView(ConditionalMixin, GenericAPIView):
    """A read-only answer: JSON or CSV, a page at a time (CSV: every row at once)."""

    csv_name = ""

    @property
    def paginator(self):
        renderer = getattr(getattr(self, "request", None), "accepted_renderer", None)
        if renderer is not None and renderer.format == "csv":
            return None
        return super().paginator

    def csv_header(self):
        serializer = self.get_serializer()
        return list(getattr(serializer, "child", serializer).fields)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        renderer = getattr(request, "accepted_renderer", None)
        if response.status_code == 200 and renderer is not None and renderer.format == "csv":
            response["Content-Disposition"] = f'attachment; filename="{self.filename()}.csv"'
        return response

    def filename(self):
        return self.csv_name


class ListView(ListModelMixin, ApiView):
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


class AgreementList(ListView):
    """The agreements the reader may see, newest first."""

    serializer_class = serializers.AgreementSerializer
    filterset_class = filters.AgreementListFilter
    cursor_ordering = ("-year",)
    csv_name = "aftaler"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks
            return Agreement.objects.none()
        return visible_agreements(self.request.user).prefetch_related("parties")

    def freshness(self):
        versions = Agreement.objects.order_by("pk").values_list("pk", "version", "status")
        computed_at = RollupState.objects.aggregate(latest=Max("updated_at"))["latest"]
        return computed_at, repr(list(versions))


class AgreementScoped:
    """An endpoint under /agreements/{year}/: the agreement as the pages give it, or 404."""

    def describing(self):
        """Return whether the schema generator asks, with no request of a reader."""
        return getattr(self, "swagger_fake_view", False)

    def freshness(self):
        self.agreement = get_agreement_for_user(self.request.user, self.kwargs["year"])
        computed_at = (
            RollupState.objects.filter(agreement=self.agreement)
            .values_list("updated_at", flat=True)
            .first()
        )
        return computed_at, f"{self.agreement.pk}:{self.agreement.version}"

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "agreement"):
            context["pace_share"] = pace_share(self.agreement)
        return context

    def filename(self):
        return f"aftale-{self.kwargs['year']}-{self.csv_name}"


class AgreementDetail(AgreementScoped, ApiView):
    """The agreement with its parties and its structure, in the agreement's own numbering."""

    serializer_class = serializers.AgreementDetailSerializer
    renderer_classes = [JSONRenderer]
    pagination_class = None
    filter_backends = []

    def get(self, request, *args, **kwargs):
        self.agreement.outline = agreement_outline(self.agreement, activity_types=False)
        return Response(self.get_serializer(self.agreement).data)


class TargetList(AgreementScoped, ListView):
    """The agreement's targets, flat, each with its focus area and goal."""

    serializer_class = serializers.TargetSerializer
    filterset_class = filters.TargetFilter
    cursor_ordering = ("id",)
    csv_name = "maal"

    def get_queryset(self):
        if self.describing():
            return Target.objects.none()
        return Target.objects.filter(agreement=self.agreement).select_related(
            "goal__focus_area", "house", "parent"
        )


class ProgressList(AgreementScoped, ListView):
    """Each target's progress per growth house and for both (house null), as the dashboards
    show it."""

    serializer_class = serializers.ProgressSerializer
    filterset_class = filters.ProgressFilter
    cursor_ordering = ("target_id", "house_id")
    csv_name = "fremdrift"

    def get_queryset(self):
        if self.describing():
            return TargetProgress.objects.none()
        return TargetProgress.objects.filter(target__agreement=self.agreement).select_related(
            "target__goal", "house"
        )


class ScoreList(AgreementScoped, ListView):
    """The score: points of the scored targets, for both houses (house null) and each house."""

    serializer_class = serializers.ScoreSerializer
    pagination_class = None
    filter_backends = []
    csv_name = "point"

    def get(self, request, *args, **kwargs):
        progress = agreement_progress(self.agreement)
        rows = [
            {"house": None, "points": progress.score[0], "max_points": progress.score[1]},
            *(
                {"house": house.key, "points": points, "max_points": maximum}
                for house, (points, maximum) in progress.house_scores
            ),
        ]
        return Response(self.get_serializer(rows, many=True).data)


class MonthList(AgreementScoped, ListView):
    """Each counting target's value by month, per growth house and for both (house null)."""

    serializer_class = serializers.MonthSerializer
    filterset_class = filters.MonthFilter
    cursor_ordering = ("target_id", "house_id", "month")
    csv_name = "maaneder"

    def get_queryset(self):
        if self.describing():
            return TargetMonth.objects.none()
        return TargetMonth.objects.filter(target__agreement=self.agreement).select_related(
            "target", "house"
        )


class MunicipalityList(AgreementScoped, ListView):
    """Each municipality's figures: the national targets' values and the approved and
    pending activities, per growth house and for both (house null), by municipality code."""

    serializer_class = serializers.MunicipalityFiguresSerializer
    filterset_class = filters.MunicipalityFilter
    cursor_ordering = ("code",)
    csv_name = "kommuner"

    def get_queryset(self):
        if self.describing():
            return Municipality.objects.none()
        kkrs = self.agreement.parties.filter(kind=Organisation.Kind.KKR)
        return Municipality.objects.filter(kkr__in=kkrs).select_related("kkr")

    def get(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        municipalities = list(queryset if page is None else page)
        rows = self.figures(municipalities, request.query_params.get("house", ""))
        data = self.get_serializer(rows, many=True).data
        if page is None:
            return Response(data)
        return self.get_paginated_response(data)

    def figures(self, municipalities, house_key):
        """Return a row per municipality and house (and both), as the Municipalities page."""
        houses = [None, *self.agreement.growth_houses()]
        if house_key:
            houses = [h for h in houses if (h.key if h else filters.BOTH) == house_key]
        rows = {}
        for house in houses:
            targets, figures = municipality_figures(
                self.agreement, Scope(house=house), municipalities
            )
            for each in figures:
                rows[each.municipality.code, house.key if house else ""] = {
                    "municipality": each.municipality,
                    "house": house.key if house else None,
                    "values": {t.code: v for t, v in zip(targets, each.values, strict=True)},
                    "activities": each.activities,
                    "pending": each.pending,
                }
        return [rows[key] for key in sorted(rows)]


class ActivityList(AgreementScoped, ListView):
    """The approved activities the reader may see on the pages: staff their own house's."""

    serializer_class = serializers.ActivitySerializer
    filterset_class = filters.ActivityFilter
    cursor_ordering = ("id",)
    csv_name = "aktiviteter"

    def get_queryset(self):
        if self.describing():
            return Activity.objects.none()
        return (
            visible_activities(self.request.user)
            .in_agreement(self.agreement)
            .approved()
            .select_related("house", "delivered_in", "activity_type", "firm", "municipality")
            .prefetch_related("goals")
        )
