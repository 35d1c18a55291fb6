from django.apps import AppConfig
from django.db.models.signals import post_save


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Engagement and communications"

    def ready(self) -> None:
        # Every partnership starts with the default event types, themes and channels.
        from accounts.models import Partnership
        from community.lists import seed_new_partnership

        post_save.connect(
            seed_new_partnership, sender=Partnership, weak=False, dispatch_uid="community.lists.seed"
        )
