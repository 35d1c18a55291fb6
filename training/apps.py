from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        # The compliance summary follows the register's changes in their transaction.
        from partners.signals import organisations_changed, people_changed
        from training import compliance

        def people(sender: object, person_ids: list[int], **kwargs: object) -> None:
            compliance.refresh_people(person_ids)

        def organisations(sender: object, organisation_ids: list[int], **kwargs: object) -> None:
            compliance.refresh_organisations(organisation_ids)

        people_changed.connect(people, weak=False, dispatch_uid="training.compliance.people")
        organisations_changed.connect(
            organisations, weak=False, dispatch_uid="training.compliance.organisations"
        )
