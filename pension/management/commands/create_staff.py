from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pension.models import Post
from pension.services import staff_create


class Command(BaseCommand):
    help = "Create a staff account with one post at an area (for scripted set-up of a real county)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--post", required=True, choices=Post.values)
        parser.add_argument(
            "--area", required=True, help="area code (6-digit county, 9-digit township, 12-digit village)"
        )
        parser.add_argument("--name", default="", help="display name")

    def handle(self, *args, **opts):
        try:
            user = staff_create(
                username=opts["username"],
                password=opts["password"],
                post=opts["post"],
                area_code=opts["area"],
                display_name=opts["name"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()))
        self.stdout.write(self.style.SUCCESS(f"created {user.username} ({user.post} at {user.area.code})"))
