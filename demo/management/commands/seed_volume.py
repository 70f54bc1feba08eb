from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from demo.volume import CHUNK_FAMILIES, DISCLOSURES_PER_FAMILY, seed_volume


class Command(BaseCommand):
    help = (
        "Add N families (half per demo centre) with people, notes, consents in every state, reach "
        "and a disclosure log, by PostgreSQL COPY, for measuring (issue 12). Runs seed_demo first if "
        "the demo world is absent. Running it again adds N more on top, with the next references."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--families", type=int, required=True, help="How many families to add.")
        parser.add_argument(
            "--disclosures",
            type=int,
            default=None,
            help=f"How many disclosure rows to add (default {DISCLOSURES_PER_FAMILY} a family).",
        )
        parser.add_argument("--seed", type=int, default=12, help="Random seed: same seed, same families.")
        parser.add_argument("--chunk", type=int, default=CHUNK_FAMILIES, help="Families per transaction.")

    def handle(self, *args, families: int, disclosures: int | None, seed: int, chunk: int, **options) -> None:
        call_command("seed_demo", stdout=self.stdout)  # does nothing when the demo world is there
        report = seed_volume(
            families=families,
            disclosures=disclosures,
            seed=seed,
            chunk=chunk,
            progress=lambda line: self.stdout.write(line),
        )
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Added {report.families:,} families."))
