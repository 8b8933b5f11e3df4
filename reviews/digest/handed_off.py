"""The `handed_off` mark, made just before the final dot of a digest's DATA: from then on
the mail server may have the message, so it is never sent again. On PostgreSQL the mark
is pipelined (sent without waiting for its commit) so the dot follows within microseconds;
README, "The weekly review and its digest", says why."""

import select
import time
from collections.abc import Callable

from django.db import DatabaseError, connections
from psycopg import sql

from ..models import DeliveryState, DigestDelivery


def _column(name: str) -> sql.Identifier:
    return sql.Identifier(DigestDelivery._meta.get_field(name).column)


# Composed by psycopg from the model's table and columns (no string formatting of SQL).
HANDED_OFF_MARK = (
    sql.SQL("UPDATE {table} SET {state} = $1 WHERE {id} = $2")
    .format(table=sql.Identifier(DigestDelivery._meta.db_table), state=_column("state"), id=_column("id"))
    .as_string(None)
)


class HandOff:
    """Called by reviews.handoff just before the final dot: marks the delivery
    `handed_off`. On PostgreSQL the mark is sent without waiting, and the callable it
    returns reads the result after the dot; elsewhere the mark is committed before the dot."""

    def __init__(self, delivery: DigestDelivery):
        self.delivery = delivery
        self.done = False

    def __call__(self) -> Callable[[], None] | None:
        read_result = send_now_read_later(
            connections[DigestDelivery.objects.db],
            HANDED_OFF_MARK,
            [str(DeliveryState.HANDED_OFF), str(self.delivery.pk)],
        )
        if read_result is None:
            DigestDelivery.objects.filter(pk=self.delivery.pk).update(state=DeliveryState.HANDED_OFF)
        self.done = True
        return read_result


def send_now_read_later(connection, statement: str, params: list[str]) -> Callable[[], None] | None:
    """Send one statement to PostgreSQL without waiting for it (autocommit: it commits on
    its own once the server has it); returns the callable that reads its result and raises
    DatabaseError if it failed. None where this cannot be done (another database, inside a
    transaction): the caller runs the statement the usual way.

    `statement` uses $1, $2 ... placeholders; psycopg's documented libpq wrapper
    (`Connection.pgconn`) does the sending, so the statement is on the wire when this
    returns, and the result is read before the connection is used again. The statement is
    logged like any other (query counts in tests include it)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block or not connection.get_autocommit():
        return None
    from psycopg import pq

    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    if pgconn.transaction_status != pq.TransactionStatus.IDLE:
        return None
    started = time.monotonic()
    pgconn.send_query_params(statement.encode(), [value.encode() for value in params])
    while pgconn.flush():  # 1 while some of it is still in libpq's buffer (non-blocking socket)
        select.select([], [pgconn.socket], [])

    def read_result() -> None:
        pgconn.consume_input()
        while pgconn.is_busy():
            select.select([pgconn.socket], [], [])
            pgconn.consume_input()
        failure = None
        while (result := pgconn.get_result()) is not None:
            if result.status != pq.ExecStatus.COMMAND_OK and failure is None:
                failure = (result.error_message or b"").decode(errors="replace").strip()
        if connection.queries_logged:
            log_line = f"{statement} -- {[str(value) for value in params]}"
            connection.queries_log.append({"sql": log_line, "time": f"{time.monotonic() - started:.3f}"})
        if failure is not None or pgconn.status != pq.ConnStatus.OK:
            raise DatabaseError(failure or "the connection to the database was lost")

    return read_result
