from django.core.management.base import BaseCommand, CommandError

from demo.world import seed_demo, sign_in_text


class Command(BaseCommand):
    help = "Build the demo and training world of shared/DEMO.md in an empty database (safe to run twice)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--population", type=int, default=0, metavar="N",
            help="Also add N synthetic families across both reach areas, for the figures page "
                 "(PostgreSQL only; adds N more each time it is given).",
        )

    def handle(self, *args, **options) -> None:
        if seed_demo():
            self.stdout.write(self.style.SUCCESS("Demo world created."))
        else:
            self.stdout.write("Demo world already present: nothing changed.")
        population = options["population"]
        if population:
            from demo.population import population_add

            try:
                report = population_add(families=population, progress=self.stdout.write)
            except (RuntimeError, ValueError) as error:
                raise CommandError(str(error)) from error
            for line in report.notes:
                self.stdout.write(line)
            self.stdout.write(self.style.SUCCESS(f"Training population: {population:,} families added."))
        self.stdout.write(sign_in_text())
