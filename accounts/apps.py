from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and partnerships"

    def ready(self) -> None:
        # The admin has found every app's admin module by now (django.contrib.admin comes
        # first in INSTALLED_APPS): take django_otp's device admins, which show each
        # device's key, off the site before any URL is built from it.
        from django.contrib import admin

        from accounts.admin_site import hide_second_factor_devices

        hide_second_factor_devices(admin.site)
