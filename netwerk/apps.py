from django.apps import AppConfig
from django.conf import settings


class NetwerkConfig(AppConfig):
    name = "netwerk"
    verbose_name = "Netwerk"

    def ready(self) -> None:
        # The SQLite file's folder and the filesystem broker's, when those are in use.
        for folder in settings.EMBEDDED_FOLDERS:
            folder.mkdir(parents=True, exist_ok=True)

        from contacts import hooks

        from . import signals  # noqa: F401  (connects the dashboard's cache invalidation)
        from .export import write_account_export

        hooks.register_account_export(write_account_export)
