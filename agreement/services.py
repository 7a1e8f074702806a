from django.db import transaction
from rest_framework.authtoken.models import Token

from agreement.models import Organisation, User


@transaction.atomic
def user_save(
    *,
    username: str,
    password: str,
    role: str,
    organisation: Organisation | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create the user, or bring an existing one in line; administrators get the admin site."""
    user = User.objects.filter(username=username).first() or User(username=username)
    user.role = role
    user.organisation = organisation
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.is_staff = user.is_superuser = role == User.Role.ADMINISTRATOR
    user.is_active = True
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def api_token_create(*, user: User) -> Token:
    """Make the user a new API token; the one they had stops working."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def api_token_revoke(*, user: User) -> bool:
    """Revoke the user's API token; return whether they had one."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    return bool(deleted)
