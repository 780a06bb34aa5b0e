# The application image: web (gunicorn), Celery worker and beat all run from it.
# Static files are served by whitenoise; user files go to the S3-compatible store.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH

RUN pip install --no-cache-dir uv

WORKDIR /app

# Dependencies first, from the lock file only, so code changes do not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# Compiled once here (pure Python, no gettext); the web service compiles again on start.
RUN python manage.py compile_translations \
    && useradd --system --uid 10001 --home-dir /app archive \
    && mkdir -p /app/media /app/staticfiles \
    && chown -R archive:archive /app

USER archive
EXPOSE 8000

# The web command; docker-compose.yml runs migrations and collectstatic before it, and uses the
# same image for the worker and beat with their own commands.
CMD ["gunicorn", "archive_site.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
