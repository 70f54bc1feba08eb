from django.core.management.base import BaseCommand

from demo.world import seed_demo, sign_in_text


class Command(BaseCommand):
    help = "Build the demo and training world of shared/DEMO.md in an empty database (safe to run twice)."

    def handle(self, *args, **options) -> None:
        if seed_demo():
            self.stdout.write(self.style.SUCCESS("Demo world created."))
        else:
            self.stdout.write("Demo world already present: nothing changed.")
        self.stdout.write(sign_in_text())
