from django.apps import AppConfig


class NetwerkConfig(AppConfig):
    name = "netwerk"
    verbose_name = "Netwerk"

    def ready(self) -> None:
        from contacts import hooks

        from . import signals  # noqa: F401  (connects the dashboard's cache invalidation)
        from .export import write_account_export

        hooks.register_account_export(write_account_export)
