"""A mail backend for delivery tests: one file per accepted message, visible to every process.

Before "accepting" a message it waits NOTIFICATION_OUTBOX_LATENCY seconds, like a mail server does,
with a marker file naming the sending process: a test can then kill a worker while a message is on
its way. Acceptance is the atomic rename of the finished file into the outbox.
"""

import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

IN_FLIGHT = "in-flight"


def in_flight_marker(outbox: Path, group: int, pid: int) -> Path:
    return outbox / IN_FLIGHT / f"{group}-{pid}"


class DirectoryEmailBackend(BaseEmailBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outbox = Path(settings.EMAIL_FILE_PATH)
        self.latency = settings.NOTIFICATION_OUTBOX_LATENCY

    def send_messages(self, email_messages) -> int:
        (self.outbox / IN_FLIGHT).mkdir(parents=True, exist_ok=True)
        marker = in_flight_marker(self.outbox, os.getpgid(0), os.getpid())
        for message in email_messages:
            marker.touch()
            time.sleep(self.latency)
            name = uuid.uuid4().hex
            partial = self.outbox / IN_FLIGHT / f"{name}.part"
            partial.write_bytes(message.message().as_bytes())
            os.replace(partial, self.outbox / f"{name}.eml")
            marker.unlink(missing_ok=True)
        return len(email_messages)
