from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Benchmark only: the plain comparison views (never installed outside config.settings.bench)"
