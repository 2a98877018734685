import secrets
import sys

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from safeguarding_site.editors.models import EditorAccount
from safeguarding_site.editors.roles import EDITOR, PUBLISHER


class Command(BaseCommand):
    help = (
        "Create an editor account in the Editor or Publisher group. Prints a one-time password "
        "the editor must change at first sign-in, or reads a password from standard input with --password-stdin."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", choices=["editor", "publisher"], default="editor")
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input instead."
        )

    def handle(self, *args, email, role, password_stdin, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"{email!r} is not an email address.") from error
        user_model = get_user_model()
        if user_model.objects.filter(username__iexact=email).exists():
            raise CommandError(f"An account for {email} already exists.")
        user = user_model(username=email.lower(), email=email.lower(), is_staff=True)
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                raise CommandError("That password is not accepted: " + " ".join(error.messages)) from error
        else:
            password = secrets.token_urlsafe(15)
        user.set_password(password)
        group = Group.objects.get(name=PUBLISHER if role == "publisher" else EDITOR)
        with transaction.atomic():
            user.save()
            user.groups.add(group)
            EditorAccount.objects.create(user=user, must_change_password=not password_stdin)
        self.stdout.write(f"Created {group.name} account {user.username}.")
        if not password_stdin:
            self.stdout.write(f"One-time password: {password}")
            self.stdout.write("They must choose a new password when they first sign in.")
