"""Edited copies of the 2018 agreement file, and a 2019 file, for the tests of the file and
its loader."""

import copy
import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from agreement.models import Agreement, Municipality
from goals.models import Goal, Target
from tests.base import AGREEMENT_2018

FILE_2018 = yaml.safe_load(AGREEMENT_2018.read_text(encoding="utf-8"))
# Another year, shaped unlike 2018 (see its header); it continues the 2018 agreement.
AGREEMENT_2019 = Path(__file__).parent / "data" / "regional_aftale_2019.yaml"
DELETE = object()  # as an edit's value: remove the key or item


def agreement_data():
    """Return the content of the 2018 file as plain YAML data, to edit into another file."""
    return copy.deepcopy(FILE_2018)


def write_agreement_file(directory, data, name="agreement.yaml"):
    path = directory / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def edit(data, path, value):
    """Set (or DELETE) the value at `path`, named as the loader names it in its problems:
    `targets[national.guided-firms].at_least`, with list items by code, key or position."""
    *steps, last = [key or label for key, label in STEP.findall(path)]
    container = data
    for step in steps:
        container = container[_position(container, step)]
    last = _position(container, last)
    if value is DELETE:
        del container[last]
    elif isinstance(container, list) and last == len(container):
        container.append(value)
    else:
        container[last] = value


STEP = re.compile(r"([^.\[\]]+)|\[([^\]]+)\]")


def _position(container, step):
    if not isinstance(container, list):
        return step
    for index, item in enumerate(container):
        if isinstance(item, dict) and step in (str(item.get("code")), str(item.get("key"))):
            return index
    return int(step)


def edited(edits):
    """Return the 2018 file's content with `edits`, a mapping of paths to values, made."""
    data = agreement_data()
    for path, value in edits.items():
        edit(data, path, value)
    return data


GOAL_4A = "focus_areas[a].goals[a.4].goals[a.4a]"
GROWTH_COURSES = f"{GOAL_4A}.targets[a.4a.growth-courses]"
GROWTH_MAPPINGS = "targets[national.growth-mappings]"


# Random edits of the 2018 file -----------------------------------------------


def _paths_in(value, path=""):
    """Yield the path of every value below `value`, with list items by position."""
    if isinstance(value, dict):
        children = [(f"{path}.{key}".lstrip("."), child) for key, child in value.items()]
    elif isinstance(value, list):
        children = [(f"{path}[{index}]", child) for index, child in enumerate(value)]
    else:
        children = []
    for child_path, child in children:
        yield child_path
        yield from _paths_in(child, child_path)


def _scalars_in(value):
    if isinstance(value, dict):
        return [scalar for key, child in value.items() for scalar in [key, *_scalars_in(child)]]
    if isinstance(value, list):
        return [scalar for child in value for scalar in _scalars_in(child)]
    return [value]


PATHS = list(_paths_in(FILE_2018))
# Values of the file itself reach the checks of what entries say of each other.
SCALARS = sorted(set(map(str, _scalars_in(FILE_2018))))

garbage = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.dates()
    | st.text(max_size=12)
    | st.sampled_from(SCALARS),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(SCALARS) | st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def randomly_edited(edits):
    """Return the 2018 file's content with `edits` made where what they name still exists."""
    data = agreement_data()
    for path, value in edits:
        try:
            edit(data, path, value)
        except (LookupError, TypeError, ValueError, AttributeError):
            pass  # an earlier edit removed or replaced what this path led to
    return data


RANDOM_EDITS = st.lists(
    st.tuples(st.sampled_from(PATHS), garbage | st.just(DELETE)), min_size=1, max_size=3
)
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# Loading through the command ---------------------------------------------------


def load(path):
    stdout = StringIO()
    call_command("load_agreement", str(path), stdout=stdout, stderr=StringIO())
    return stdout.getvalue()


def load_2019(status=Agreement.Status.ACTIVE) -> Agreement:
    """Load the 2019/20 file (its period runs from 1 July to 30 June) beside 2018, and give
    it the status (the file has it as a draft, which only administrators see)."""
    load(AGREEMENT_2019)
    Agreement.objects.filter(year=2019).update(status=status)
    return Agreement.objects.get(year=2019)


def refused(path):
    """Load a file the command refuses; return the problems it printed and its last word."""
    stderr = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("load_agreement", str(path), stdout=StringIO(), stderr=stderr)
    return stderr.getvalue().splitlines(), str(raised.value)


def database_snapshot():
    """Count the rows of the agreement and goals apps, history included, and read the rows
    a reader knows."""
    models = [
        model
        for app in ("agreement", "goals")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]
    return {
        "counts": {model._meta.label: model._default_manager.count() for model in models},
        "agreements": list(
            Agreement.objects.values_list("year", "title", "status", "period_end", "continues")
        ),
        "goals": list(
            Goal.objects.order_by("code").values_list("code", "number", "title", "parent__code")
        ),
        "targets": list(
            Target.objects.order_by("code").values_list(
                "code", "kind", "threshold", "text", "parent__code", "condition", "goal__code"
            )
        ),
        "municipalities": list(
            Municipality.objects.order_by("code").values_list("code", "name", "kkr__key")
        ),
    }
