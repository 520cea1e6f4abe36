"""Settings for worker processes in delivery tests: e-mail goes to a shared directory outbox."""

from innovation_office.settings import *  # noqa: F401,F403
from innovation_office.settings import env

EMAIL_BACKEND = "tests.integration.outbox.DirectoryEmailBackend"
EMAIL_FILE_PATH = env.str("NOTIFICATION_OUTBOX_DIR")
NOTIFICATION_OUTBOX_LATENCY = env.float("NOTIFICATION_OUTBOX_LATENCY", default=0.02)
