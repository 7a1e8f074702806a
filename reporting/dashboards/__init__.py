"""What the reviewers' dashboards show, read from the roll-up tables only.

Each function runs a fixed number of queries whatever the number of goals,
targets and activities: the roll-ups hold a row per target and house (and month
or municipality), and no dashboard counts activities itself. Every chart has a
table with the same figures beside it.
"""

from .goal import GoalDashboard, goal_dashboard, month_chart
from .municipalities import MunicipalityFigures, municipality_chart, municipality_figures
from .overview import Overview, overview
from .scope import Scope, agreement_municipalities, pace_share, sort_rows

__all__ = [
    "GoalDashboard",
    "MunicipalityFigures",
    "Overview",
    "Scope",
    "agreement_municipalities",
    "goal_dashboard",
    "month_chart",
    "municipality_chart",
    "municipality_figures",
    "overview",
    "pace_share",
    "sort_rows",
]
