"""The pipelines app: reference ML workflows that demonstrate each maturity level."""

from django.apps import AppConfig


class PipelinesConfig(AppConfig):
    name = "pipelines"
    verbose_name = "Reference pipelines"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Job kinds must be known wherever jobs are created or run (web and worker), and
        # the tasks registered under the names `pipelines.dispatch` sends them by.
        from assessments.demo.seed import demo_seeded
        from pipelines import demo, jobs, tasks  # noqa: F401

        demo_seeded.connect(demo.demo_pipelines_seed, dispatch_uid="pipelines-demo")
