from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Benchmarks and demo data: installed by the dev and test settings only."""

    name = "devtools"
    verbose_name = "Development tools"
