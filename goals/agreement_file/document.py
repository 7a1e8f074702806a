"""Check an agreement file's document: its parts, and what they say of each other."""

from agreement.models import Agreement, Municipality, Organisation
from goals.agreement_file.targets import TargetChecker, kind_of
from goals.agreement_file.values import (
    CODE,
    MISSING,
    SLUG,
    UNSTORABLE,
    quoted,
)

YEARS = {"minimum": 2000, "maximum": 2100}


# A closing year has a deadline that only the portal sets (see Agreement).
FILE_STATUSES = [Agreement.Status.DRAFT, Agreement.Status.ACTIVE, Agreement.Status.CLOSED]


class DocumentChecker(TargetChecker):
    """Check a whole agreement document, and return it normalised for goals.agreement_file.loading."""

    def document(self, data):
        data = self.mapping(
            data,
            "(file)",
            [
                "agreement",
                "organisations",
                "municipalities",
                "activity_types",
                "reference_figures",
                "targets",
                "focus_areas",
            ],
        )
        if data is None:
            return None
        organisations = self.organisations(data)
        content = {
            "organisations": organisations,
            "agreement": self.agreement(data.get("agreement", MISSING), organisations),
            "municipalities": self.municipalities(data, organisations),
            "activity_types": self.activity_types(data),
            "reference_figures": self.reference_figures(data),
        }
        self.goal_codes = set()
        self.targets = {}
        content["targets"] = [
            self.target(path, item, goal_code=None, content=content)
            for path, item in self.items(data, "targets", "", required=False)
        ]
        content["focus_areas"] = self.focus_areas(data, content)
        self.target_references()
        return content

    def organisations(self, data):
        organisations, keys = {}, set()
        allowed = ["key", "kind", "name", "short_name", "region"]
        for path, item in self.items(data, "organisations", ""):
            self.mapping(item, path, allowed)
            key = self.text(item, "key", path, max_length=60, pattern=SLUG)
            self.unique(keys, key, f"{path}.key", "key")
            region = self.given(item, "region", path, required=False)
            organisations[key] = {
                "key": key,
                "kind": self.choice(item, "kind", path, Organisation.Kind.values),
                "name": self.text(item, "name", path, max_length=200),
                "short_name": self.text(item, "short_name", path, required=False, max_length=30),
                "region": None if region is MISSING else region,
                "path": path,
            }
        for organisation in organisations.values():
            path, region, kind = organisation["path"], organisation["region"], organisation["kind"]
            if region is None:
                if kind in ("growth_house", "kkr"):
                    self.error(f"{path}.region", "is required for a growth house or KKR")
            elif kind == "region":
                self.error(f"{path}.region", "a region belongs to no region")
            elif kind_of(organisations, region) != "region":
                self.error(
                    f"{path}.region", f"{quoted(region)} is not an organisation of kind region"
                )
        return organisations

    def agreement(self, item, organisations):
        path = "agreement"
        if item is MISSING:
            self.error(path, "is required")
            return {}
        allowed = [
            "year",
            "title",
            "period_start",
            "period_end",
            "agreed_on",
            "status",
            "continues",
            "description",
            "parties",
        ]
        if self.mapping(item, path, allowed) is None:
            return {}
        agreement = {
            "year": self.whole_number(item, "year", path, **YEARS),
            "title": self.text(item, "title", path, max_length=200),
            "period_start": self.date(item, "period_start", path),
            "period_end": self.date(item, "period_end", path),
            "agreed_on": self.date(item, "agreed_on", path, required=False),
            "status": self.choice(item, "status", path, FILE_STATUSES),
            "description": self.text(item, "description", path, required=False),
            "continues": self.whole_number(item, "continues", path, required=False, **YEARS),
            "parties": self.parties(item, path, organisations),
        }
        start, end = agreement["period_start"], agreement["period_end"]
        if start and end and start >= end:
            self.error(f"{path}.period_end", "must be after period_start")
        year, continues = agreement["year"], agreement["continues"]
        if year is not None:
            existing = Agreement.objects.filter(year=year).first()
            if existing is not None and existing.state == Agreement.Status.CLOSED:
                self.error(f"{path}.year", f"the {year} agreement is closed and cannot be changed")
        if continues is not None:
            if year is not None and continues >= year:
                self.error(f"{path}.continues", "must be an earlier year than the agreement's")
            elif not Agreement.objects.filter(year=continues).exists():
                self.error(f"{path}.continues", f"no agreement for {continues} is loaded")
        return agreement

    def parties(self, item, path, organisations):
        parties = item.get("parties", MISSING)
        where = f"{path}.parties"
        if not isinstance(parties, list) or not parties:
            self.error(where, "must list the keys of the growth houses and KKRs that signed")
            return []
        signed, kinds = [], set()
        for index, key in enumerate(parties):
            kind = kind_of(organisations, key)
            if kind not in ("growth_house", "kkr"):
                self.error(
                    f"{where}[{index}]", f"{quoted(key)} is not a growth house or KKR of the file"
                )
            elif key in signed:
                self.error(f"{where}[{index}]", f"'{key}' is listed more than once")
            else:
                signed.append(key)
            kinds.add(kind)
        for kind, name in (("growth_house", "growth house"), ("kkr", "KKR")):
            if kind not in kinds:
                self.error(where, f"must name at least one {name}")
        return signed

    def municipalities(self, data, organisations):
        municipalities, codes, names = [], set(), set()
        for path, item in self.items(data, "municipalities", ""):
            self.mapping(item, path, ["code", "name", "kkr"])
            code = self.whole_number(item, "code", path, minimum=101, maximum=999)
            name = self.text(item, "name", path, max_length=100)
            kkr = self.given(item, "kkr", path, required=True)
            self.unique(codes, code, f"{path}.code", "code")
            self.unique(names, name, f"{path}.name", "name")
            if kkr is not MISSING and kind_of(organisations, kkr) != "kkr":
                self.error(f"{path}.kkr", f"{quoted(kkr)} is not an organisation of kind kkr")
            municipalities.append({"code": code, "name": name, "kkr": kkr, "path": path})
        self.municipality_names(municipalities)
        return municipalities

    def municipality_names(self, municipalities):
        """Check that no name belongs to another municipality in the database: names are unique."""
        names = [each["name"] for each in municipalities if not UNSTORABLE.search(each["name"])]
        by_name = dict(Municipality.objects.filter(name__in=names).values_list("name", "code"))
        for municipality in municipalities:
            code = by_name.get(municipality["name"], municipality["code"])
            if code != municipality["code"]:
                self.error(
                    f"{municipality['path']}.name",
                    f"'{municipality['name']}' is the name of municipality {code} in the database",
                )

    def activity_types(self, data):
        activity_types, codes = {}, set()
        for path, item in self.items(data, "activity_types", ""):
            self.mapping(item, path, ["code", "name", "name_en", "counts_firms"])
            code = self.text(item, "code", path, max_length=40, pattern=SLUG)
            self.unique(codes, code, f"{path}.code", "code")
            activity_types[code] = {
                "code": code,
                "name_da": self.text(item, "name", path, max_length=100),
                "name_en": self.text(item, "name_en", path, max_length=100),
                "counts_firms": self.flag(item, "counts_firms", path),
            }
        return activity_types

    def reference_figures(self, data):
        figures, keys = [], set()
        for path, item in self.items(data, "reference_figures", "", required=False):
            self.mapping(item, path, ["key", "text", "value", "unit"])
            key = self.text(item, "key", path, max_length=60, pattern=SLUG)
            self.unique(keys, key, f"{path}.key", "key")
            figures.append(
                {
                    "key": key,
                    "text": self.text(item, "text", path),
                    "value": self.text(item, "value", path, max_length=50),
                    "unit": self.text(item, "unit", path, required=False, max_length=50),
                }
            )
        return figures

    def focus_areas(self, data, content):
        focus_areas, codes = [], set()
        for path, item in self.items(data, "focus_areas", ""):
            self.mapping(item, path, ["code", "title", "description", "goals"])
            code = self.text(item, "code", path, max_length=10, pattern=SLUG)
            self.unique(codes, code, f"{path}.code", "code")
            focus_areas.append(
                {
                    "code": code,
                    "title": self.text(item, "title", path, max_length=300),
                    "description": self.text(item, "description", path, required=False),
                    "goals": [
                        self.goal(goal_path, goal, content, depth=0)
                        for goal_path, goal in self.items(item, "goals", f"{path}.")
                    ],
                }
            )
        return focus_areas

    def goal(self, path, item, content, *, depth):
        allowed = ["code", "number", "title", "text", "effect", "targets", "goals"]
        self.mapping(item, path, allowed)
        code = self.text(item, "code", path, max_length=20, pattern=CODE)
        self.unique(self.goal_codes, code, f"{path}.code", "goal code")
        if depth > 0 and self.given(item, "goals", path, required=False) is not MISSING:
            self.error(f"{path}.goals", "sub-goals go one level deep")
        return {
            "code": code,
            "number": self.text(item, "number", path, required=False, max_length=10),
            "title": self.text(item, "title", path, max_length=300),
            "text": self.text(item, "text", path, required=False),
            "effect": self.text(item, "effect", path, required=False),
            "targets": [
                self.target(target_path, target, goal_code=code, content=content)
                for target_path, target in self.items(item, "targets", f"{path}.", required=False)
            ],
            "goals": [
                self.goal(sub_path, sub, content, depth=depth + 1)
                for sub_path, sub in self.items(item, "goals", f"{path}.", required=False)
            ]
            if depth == 0
            else [],
        }
