"""Named people for tests: staff and managers of each growth house, a reviewer of
each KKR, an administrator, and a stranger (signed in, but with no role)."""

from pathlib import Path

from django.conf import settings

from agreement.models import Organisation, User
from agreement.services import user_save

AGREEMENT_2018 = Path(settings.BASE_DIR) / "agreement" / "data" / "regional_aftale_2018.yaml"
PASSWORD = "correct-horse-battery"

PEOPLE = {
    # fixture name: (username, first name, role, organisation key)
    "hanne": ("hanne", "Hanne", User.Role.STAFF, "vaeksthus-hovedstaden"),
    "mads": ("mads", "Mads", User.Role.MANAGER, "vaeksthus-hovedstaden"),
    "sofie": ("sofie", "Sofie", User.Role.STAFF, "vaeksthus-sjaelland"),
    "morten": ("morten", "Morten", User.Role.MANAGER, "vaeksthus-sjaelland"),
    "rikke": ("rikke", "Rikke", User.Role.REVIEWER, "kkr-hovedstaden"),
    "rasmus": ("rasmus", "Rasmus", User.Role.REVIEWER, "kkr-sjaelland"),
    "anne": ("anne", "Anne", User.Role.ADMINISTRATOR, None),
    "stranger": ("stranger", "Stig", "", None),
}


def make_person(name):
    username, first_name, role, organisation_key = PEOPLE[name]
    organisation = Organisation.objects.get(key=organisation_key) if organisation_key else None
    return user_save(
        username=username,
        password=PASSWORD,
        role=role,
        organisation=organisation,
        first_name=first_name,
        last_name="Testesen",
    )
