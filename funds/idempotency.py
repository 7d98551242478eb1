"""Idempotency-Key for API writes (the credit cooperative retries on time-outs).

The first request with a key runs and its answer is stored with a hash of the body; a replay with the
same key and the same body gets that first answer again and creates nothing; the same key with another
body is refused (422). Keys are per user and per operation. The key row is written in the same
transaction as the write it guards: on PostgreSQL a parallel request with the same key waits on the
unique index until the first commits, then replays its answer; if the first fails, nothing is stored and
the key may be used again.

Keys are kept, not expired: a key row is the record of what the cooperative sent and what it was told (one
row per deposit voucher, a few thousand a year), and a key that expired would let a very late retry create
the deposit a second time.
"""

import hashlib
import json
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from pension.errors import violated_constraint
from pension.rest import django_errors

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 100


class KeyReused(ValidationError):
    """The key was already used with a different body."""


def body_hash(data) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(record: IdempotencyKey, digest: str) -> Response:
    if record.request_hash != digest:
        raise KeyReused({HEADER: _("This Idempotency-Key was already used for a different request; "
                                   "use a new key for a new voucher.")})
    response = Response(record.response_body, status=record.response_status)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(request, *, scope: str, handler: Callable[[], tuple[int, dict]]) -> Response:
    key = (request.headers.get(HEADER) or "").strip()
    if not key:
        raise ValidationError({HEADER: _("The Idempotency-Key header is required, so that a retry never "
                                         "records a voucher twice.")})
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationError({HEADER: _("The Idempotency-Key is longer than 100 characters.")})
    digest = body_hash(request.data)
    with transaction.atomic():
        record = IdempotencyKey.objects.filter(user=request.user, scope=scope, key=key).first()
        if record is not None:
            return _replay(record, digest)
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    user=request.user, scope=scope, key=key, request_hash=digest, response_status=0,
                    response_body={},
                )
        except IntegrityError as exc:
            if violated_constraint(exc) != "idempotency_key_once":
                raise
            # A parallel request with this key committed first (we waited for it on the unique index).
            return _replay(IdempotencyKey.objects.get(user=request.user, scope=scope, key=key), digest)
        code, body = handler()
        record.response_status, record.response_body = code, body
        record.save(update_fields=["response_status", "response_body"])
    return Response(body, status=code)


def key_reused_response(exc: KeyReused) -> Response:
    """422: the request is well-formed, but its key belongs to another request."""
    errors = django_errors(exc)
    return Response({"detail": errors[HEADER][0], "errors": errors}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
