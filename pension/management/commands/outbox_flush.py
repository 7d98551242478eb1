from django.core.management.base import BaseCommand

from pension.outbox import flush


class Command(BaseCommand):
    help = "Send the queued task messages the broker could not take (the beat job does this every minute)."

    def handle(self, *args, **opts):
        sent, waiting = flush()
        self.stdout.write(f"sent {sent}, still waiting {waiting}")
