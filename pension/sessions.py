"""The database session store, remembering when the loaded session was to end, so that the idle expiry can slide
without a write on every request (`pension.session_middleware.SlidingSessionMiddleware`)."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    stored_expiry = None  # the expire_date read with the session; None when it was not read (or not found)

    def _get_session_from_db(self):
        session = super()._get_session_from_db()
        self.stored_expiry = session.expire_date if session is not None else None
        return session
