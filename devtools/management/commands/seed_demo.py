from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from agreement.models import Agreement, Organisation, User
from agreement.services import user_save
from devtools.demo import create_demo_year

AGREEMENT_FILE = Path(settings.BASE_DIR) / "agreement" / "data" / "regional_aftale_2018.yaml"
DEMO_PASSWORD = "aftale2018"

# username, first name, last name, role, organisation key
DEMO_USERS = [
    ("staff.hovedstaden", "Hanne", "Holm", User.Role.STAFF, "vaeksthus-hovedstaden"),
    ("manager.hovedstaden", "Mads", "Mortensen", User.Role.MANAGER, "vaeksthus-hovedstaden"),
    ("staff.sjaelland", "Sofie", "Skov", User.Role.STAFF, "vaeksthus-sjaelland"),
    ("manager.sjaelland", "Morten", "Søgaard", User.Role.MANAGER, "vaeksthus-sjaelland"),
    ("reviewer.hovedstaden", "Rikke", "Hansen", User.Role.REVIEWER, "kkr-hovedstaden"),
    ("reviewer.sjaelland", "Rasmus", "Lund", User.Role.REVIEWER, "kkr-sjaelland"),
    ("admin", "Anne", "Andersen", User.Role.ADMINISTRATOR, None),
]


class Command(BaseCommand):
    help = (
        "Create the demo accounts, one per role and organisation, load the 2018 agreement "
        "when no agreement is loaded, and log a year of demo activities for both growth "
        "houses when the 2018 agreement has none. Refused under production settings."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError("Demo accounts are not allowed under these settings (production).")
        if not Agreement.objects.exists():
            call_command("load_agreement", str(AGREEMENT_FILE), stdout=self.stdout)
        organisations = {org.key: org for org in Organisation.objects.all()}
        for username, first_name, last_name, role, organisation_key in DEMO_USERS:
            if organisation_key and organisation_key not in organisations:
                raise CommandError(f"The organisation '{organisation_key}' is not loaded.")
            user_save(
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                organisation=organisations.get(organisation_key),
                first_name=first_name,
                last_name=last_name,
            )
            self.stdout.write(f"{username} / {DEMO_PASSWORD}")
        agreement = Agreement.objects.filter(year=2018).first()
        if agreement is not None:
            logged = create_demo_year(agreement)
            if logged:
                # stdout lists only the accounts.
                self.stderr.write(f"Logged {logged} demo activities for {agreement}.")
