"""The progress palette: one colour per status, as the dashboards show it
(static/css/portal.css), for the documents that cannot read the stylesheet: the workbook
and the status report. White text passes WCAG AA on each."""

from goals.models import Progress

PROGRESS_COLOURS = {
    Progress.ACHIEVED: "146C43",
    Progress.ON_TRACK: "0A58CA",
    Progress.AT_RISK: "8A4B00",
    Progress.BEHIND: "B02A37",
    Progress.NOT_STARTED: "5C636A",
}
TEXT_ON_PROGRESS = "FFFFFF"
