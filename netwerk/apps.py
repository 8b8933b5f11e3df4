from django.apps import AppConfig


class NetwerkConfig(AppConfig):
    name = "netwerk"
    verbose_name = "Netwerk"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the dashboard's cache invalidation)
