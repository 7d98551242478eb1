from django.apps import AppConfig


class PensionConfig(AppConfig):
    name = "pension"
    verbose_name = "County kernel"

    def ready(self):
        from . import auth

        auth.connect()
