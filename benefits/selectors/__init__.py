"""Reads of the benefits app, always through the area scope. The reads other apps use (certification, audit,
progress) are the keyword-only functions exported here."""

from .recipients import recipient_events_between, recipient_for_resident, recipients_for  # noqa: F401
