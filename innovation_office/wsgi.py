"""WSGI entry point, served by gunicorn in deployment."""

import os

# A web process answers one request at a time, and several share the machine's cores: the matrix products of a
# search by meaning run on one thread each, rather than every process starting a thread per core and fighting
# over them (set before numpy is first imported; a deployment may still say otherwise).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after the thread count

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovation_office.settings")
application = get_wsgi_application()
