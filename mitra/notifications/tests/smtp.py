"""Real SMTP servers on this engineer's ports (8130-8139) for the tests: aiosmtpd that accepts,
answers slowly or refuses, and a socket that accepts and never speaks (a hung server)."""

from __future__ import annotations

import asyncio
import contextlib
import email
import socket
import threading
from collections.abc import Iterator
from email import policy
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
PORT_OK = 8131
PORT_SLOW = 8132
PORT_REFUSING = 8133
PORT_SILENT = 8134
PORT_CLOSED = 8135  # nothing listens here: the connection is refused


class Inbox:
    """An aiosmtpd handler that keeps what it receives (optionally after a delay, or refusing)."""

    def __init__(self, delay: float = 0.0, refuse: bool = False) -> None:
        self.delay = delay
        self.refuse = refuse
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse:
            return "451 4.3.0 Mailbox temporarily unavailable"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"

    def texts(self) -> list[str]:
        return [m.get_content() for m in self.messages]  # type: ignore[attr-defined]

    def subjects(self) -> list[str]:
        """Decoded and unfolded (a long subject is folded over several header lines)."""
        return [" ".join(str(m["Subject"]).split()) for m in self.messages]


@contextlib.contextmanager
def smtp_server(port: int, **handler_options: Any) -> Iterator[Inbox]:
    inbox = Inbox(**handler_options)
    controller = Controller(inbox, hostname=HOST, port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@contextlib.contextmanager
def silent_server(port: int = PORT_SILENT) -> Iterator[None]:
    """Accepts connections and never sends the SMTP greeting."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, port))
    listener.listen(5)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                conn, _addr = listener.accept()
                held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def use_smtp(settings: Any, port: int, timeout: float = 2.0) -> None:
    """Point Django's mail at one of these servers, as MITRA_EMAIL_URL would."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = HOST
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = timeout
