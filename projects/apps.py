from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Commissioned projects"

    def ready(self) -> None:
        # Every partnership starts with the default funders, which its coordinator edits.
        from django.db.models.signals import post_save

        from accounts.models import Partnership
        from projects.actions import seed_funders

        def seed(
            sender: object, instance: Partnership, created: bool, raw: bool = False, **kwargs: object
        ) -> None:
            if created and not raw:
                seed_funders(instance)

        post_save.connect(seed, sender=Partnership, weak=False, dispatch_uid="projects.seed_funders")
