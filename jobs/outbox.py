"""The transactional outbox: a task message is written in the transaction of the work
it starts, sent after commit, and marked sent.

A broker that refuses the message leaves it waiting: the work is saved, the page
says it is queued, and the `jobs.send_outbox` beat task sends it once the broker
answers again. The tasks take ids and are safe to run twice, so the rare message
sent twice (a sender that died between sending and marking) does no harm.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import current_app
from django.db import transaction

from jobs.models import OutboxMessage
from mlops_site import clock

logger = logging.getLogger(__name__)
#: How long one sender holds a message before another may try it.
SENDING_HOLD_S = 30
WAITING_NOTE = "Queued; it starts when the worker is reachable."


def message_key(task: str, args: tuple[object, ...]) -> str:
    return f"{task}:{','.join(str(a) for a in args)}"[:300]


def outbox_queue(task: str, *args: object, countdown: int = 0) -> OutboxMessage:
    """Record the message with the current transaction; send it once that commits
    (at once outside a transaction)."""
    message = OutboxMessage.objects.create(
        key=message_key(task, args), task=task, args=list(args), countdown=countdown
    )
    transaction.on_commit(lambda: outbox_send(message_id=message.pk))
    return message


def outbox_send(*, message_id: int) -> bool:
    """Send one waiting message; a refused broker is recorded, never raised."""
    now = clock.now()
    free = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True)
    if not (free.filter(sending_until__isnull=True) | free.filter(sending_until__lt=now)).update(
        sending_until=now + timedelta(seconds=SENDING_HOLD_S)
    ):
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        current_app.signature(message.task, args=message.args).apply_async(
            countdown=message.countdown
        )
    except Exception as exc:  # the broker is down: the beat task tries again
        logger.warning("broker refused a message", extra={"key": message.key, "error": str(exc)})
        OutboxMessage.objects.filter(pk=message_id).update(
            attempts=message.attempts + 1, error=str(exc)[:2000], sending_until=None
        )
        return False
    OutboxMessage.objects.filter(pk=message_id).update(
        sent_at=clock.now(), attempts=message.attempts + 1, error=""
    )
    return True


def outbox_send_waiting() -> int:
    """Send every message still waiting, oldest first; returns how many went out."""
    waiting = OutboxMessage.objects.filter(sent_at__isnull=True).order_by("created_at")
    sent = 0
    for message_id in waiting.values_list("pk", flat=True):
        if not outbox_send(message_id=message_id):
            break  # the broker refused one: the next beat tries the rest
        sent += 1
    return sent


def is_waiting(task: str, *args: object) -> bool:
    """Whether a message for this task and these arguments is still to be sent."""
    key = message_key(task, args)
    return OutboxMessage.objects.filter(key=key, sent_at__isnull=True).exists()
