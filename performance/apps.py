from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance and statistics"

    def ready(self) -> None:
        # Indicators: every audited write marks its partnership's figures stale.
        from audit.log import after_write
        from performance.summaries import mark_stale

        after_write(mark_stale)
