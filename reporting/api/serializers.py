"""What the API gives: the agreement's own numbering, keys and codes, never staff names."""

from rest_framework import serializers

from agreement.models import Agreement, Organisation
from goals.models import Progress, Target
from goals.progress import pace
from reporting.models import Activity, TargetMonth, TargetProgress

NUMBER = {"max_digits": 14, "decimal_places": 2}


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["key", "kind", "name"]


class AgreementSerializer(serializers.ModelSerializer):
    parties = PartySerializer(many=True, read_only=True)
    # As it stands today: a closing agreement past its deadline is closed.
    status = serializers.ChoiceField(
        choices=Agreement.Status.choices, source="state", read_only=True
    )

    class Meta:
        model = Agreement
        fields = [
            "year",
            "title",
            "period_start",
            "period_end",
            "agreed_on",
            "status",
            "entries_close_on",
            "parties",
        ]


class TargetSerializer(serializers.ModelSerializer):
    """A target with its goal in the agreement's own numbering (e.g. focus area a, goal 4a)."""

    focus_area = serializers.SerializerMethodField()
    goal = serializers.SlugRelatedField(slug_field="code", read_only=True)
    goal_number = serializers.SerializerMethodField()
    house = serializers.SlugRelatedField(
        slug_field="key",
        read_only=True,
        help_text="The growth house the target is for; null: the whole agreement.",
    )
    subset_of = serializers.SlugRelatedField(source="parent", slug_field="code", read_only=True)
    threshold = serializers.DecimalField(read_only=True, allow_null=True, **NUMBER)
    weight = serializers.DecimalField(read_only=True, max_digits=6, decimal_places=2)

    class Meta:
        model = Target
        fields = [
            "code",
            "focus_area",
            "goal",
            "goal_number",
            "kind",
            "text",
            "threshold",
            "unit",
            "house",
            "weight",
            "scored",
            "subset_of",
        ]

    def get_focus_area(self, target) -> str | None:
        return target.goal.focus_area.code if target.goal_id else None

    def get_goal_number(self, target) -> str | None:
        return target.goal.number if target.goal_id else None


class OutlineGoalSerializer(serializers.Serializer):
    code = serializers.CharField()
    number = serializers.CharField()
    title = serializers.CharField()
    targets = TargetSerializer(source="outline_targets", many=True)


class OutlineParentGoalSerializer(OutlineGoalSerializer):
    subgoals = OutlineGoalSerializer(source="outline_subgoals", many=True)


class FocusAreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    goals = OutlineParentGoalSerializer(source="outline_goals", many=True)


class AgreementDetailSerializer(AgreementSerializer):
    """The agreement with its structure: focus areas, goals, sub-goals and their targets."""

    national_targets = TargetSerializer(source="outline.national_targets", many=True)
    focus_areas = FocusAreaSerializer(source="outline.focus_areas", many=True)

    class Meta(AgreementSerializer.Meta):
        fields = [*AgreementSerializer.Meta.fields, "national_targets", "focus_areas"]


class ProgressSerializer(serializers.ModelSerializer):
    """A target's progress for one growth house, or for both (house null)."""

    target = serializers.SlugRelatedField(slug_field="code", read_only=True)
    goal = serializers.SerializerMethodField()
    kind = serializers.CharField(source="target.kind")
    threshold = serializers.DecimalField(source="target.threshold", read_only=True, **NUMBER)
    house = serializers.SlugRelatedField(slug_field="key", read_only=True)
    pace = serializers.SerializerMethodField(
        help_text="Where the pace stands today: the threshold times the share of the period passed."
    )
    status = serializers.ChoiceField(choices=Progress.choices)

    class Meta:
        model = TargetProgress
        fields = [
            "target",
            "goal",
            "kind",
            "house",
            "threshold",
            "value",
            "pending",
            "percentage",
            "pace",
            "status",
            "points",
            "max_points",
            "done_on",
        ]

    def get_goal(self, row) -> str | None:
        return row.target.goal.code if row.target.goal_id else None

    def get_pace(self, row) -> float | None:
        if not row.target.is_counting:
            return None
        value = pace(row.target.threshold, self.context["pace_share"])
        return None if value is None else round(value, 2)


class ScoreSerializer(serializers.Serializer):
    house = serializers.CharField(allow_null=True, help_text="A growth house's key; null: both.")
    points = serializers.DecimalField(**NUMBER)
    max_points = serializers.DecimalField(**NUMBER)


class MonthSerializer(serializers.ModelSerializer):
    target = serializers.SlugRelatedField(slug_field="code", read_only=True)
    house = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = TargetMonth
        fields = ["target", "house", "month", "value", "cumulative", "pending"]


class MunicipalityFiguresSerializer(serializers.Serializer):
    code = serializers.IntegerField(source="municipality.code")
    name = serializers.CharField(source="municipality.name")
    kkr = serializers.CharField(source="municipality.kkr.key")
    house = serializers.CharField(allow_null=True, help_text="A growth house's key; null: both.")
    values = serializers.DictField(
        child=serializers.DecimalField(**NUMBER),
        help_text="Each national target's value in the municipality, by the target's code.",
    )
    activities = serializers.IntegerField(help_text="Approved activities.")
    pending = serializers.IntegerField(help_text="Submitted activities, not yet approved.")


class ActivitySerializer(serializers.ModelSerializer):
    """An approved activity. No staff names and no evidence; the description is what every
    reader of the activity reads on its page."""

    house = serializers.SlugRelatedField(slug_field="key", read_only=True)
    delivered_in = serializers.SlugRelatedField(slug_field="key", read_only=True)
    activity_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    firm_cvr = serializers.CharField(source="firm.cvr", default=None, allow_null=True)
    municipality = serializers.IntegerField(source="municipality.code", default=None)
    goals = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "date",
            "house",
            "delivered_in",
            "activity_type",
            "firm_cvr",
            "municipality",
            "quantity",
            "participants",
            "goals",
            "description",
        ]
