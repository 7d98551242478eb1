"""Idempotency-Key for API writes (the credit cooperative and the certification devices retry on time-outs).

The first request with a key runs and its answer is stored with a hash of the body (uploaded files by their
SHA-256); a replay with the same key and body gets that answer again and creates nothing; the same key with
another body is refused (422). Keys are per user and per operation. The key row is written in the same
transaction as the write it guards: on PostgreSQL a parallel request with the same key waits on the unique index
until the first commits, then replays its answer; if the first fails, nothing is stored and the key may be used
again.

Each app keeps its keys in a table of its own (`keys`, a model with user, scope, key, request_hash,
response_status, response_body and one unique constraint on user, scope and key): an app writes only its own
tables. Keys are kept, not expired: a key row is the record of what a client sent and what it was told, and a key
that expired would let a very late retry write a second time."""

import hashlib
import json
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from .errors import violated_constraint
from .rest import django_errors

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 100


class _KeyReused(ValidationError):
    """The key was already used with a different body."""


def body_hash(request) -> str:
    """The request's body as a digest: a JSON body as it is (the form of the keys stored before uploads were
    accepted), a form with files as its fields and every file's SHA-256."""
    data = request.data
    files = {name: [_file_digest(f) for f in request.FILES.getlist(name)] for name in getattr(request, "FILES", {})}
    if files:
        fields = {k: data.getlist(k) for k in data.keys() if k not in files} if hasattr(data, "getlist") else data
        data = {"data": fields, "files": files}
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _file_digest(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _replay(record, digest: str) -> Response:
    if record.request_hash != digest:
        raise _KeyReused({HEADER: _("This Idempotency-Key was already used for a different request; use a new key "
                                    "for a new record.")})
    response = Response(record.response_body, status=record.response_status)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(request, *, keys, scope: str, handler: Callable[[], tuple[int, dict]]) -> Response:
    """Run `handler` (which returns status and body) once per key, or replay its stored answer. A missing or too
    long key is a 400 on the header; a key reused with another body is a 422."""
    key = (request.headers.get(HEADER) or "").strip()
    if not key:
        raise ValidationError({HEADER: _("The Idempotency-Key header is required, so that a retry never records "
                                         "anything twice.")})
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationError({HEADER: _("The Idempotency-Key is longer than 100 characters.")})
    digest = body_hash(request)
    (once,) = (c.name for c in keys._meta.constraints)
    try:
        with transaction.atomic():
            record = keys.objects.filter(user=request.user, scope=scope, key=key).first()
            if record is not None:
                return _replay(record, digest)
            try:
                with transaction.atomic():
                    record = keys.objects.create(user=request.user, scope=scope, key=key, request_hash=digest,
                                                 response_status=0, response_body={})
            except IntegrityError as exc:
                if violated_constraint(exc) != once:
                    raise
                # A parallel request with this key committed first (we waited for it on the unique index).
                return _replay(keys.objects.get(user=request.user, scope=scope, key=key), digest)
            code, body = handler()
            record.response_status, record.response_body = code, body
            record.save(update_fields=["response_status", "response_body"])
    except _KeyReused as exc:
        # 422: the request is well-formed, but its key belongs to another request.
        errors = django_errors(exc)
        return Response({"detail": errors[HEADER][0], "errors": errors}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    return Response(body, status=code)
