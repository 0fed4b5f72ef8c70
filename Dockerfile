# WPQ's production image: the GOV.UK Frontend assets built in, the runtime dependencies only, run as a
# user without privileges. Build: `docker build -t wpq .`; run with compose.yaml (docs/deployment.md).

# 1. GOV.UK Frontend from npm, pinned by package-lock.json, copied as `make assets` does.
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error \
    && mkdir -p /assets \
    && cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css \
          node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js /assets/ \
    && cp -R node_modules/govuk-frontend/dist/govuk/assets /assets/assets

# 2. The virtual environment: WPQ and its runtime dependencies (not the development extra). The code stays at
# /srv/wpq/app beside its migrations, installed in place, exactly as `make install` lays it out.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/wpq
WORKDIR /srv/wpq/app
COPY pyproject.toml README.md ./
COPY workforce ./workforce
COPY supervision ./supervision
COPY audits ./audits
COPY academy ./academy
COPY migrations ./migrations
COPY --from=assets /assets ./workforce/kernel/static/govuk
RUN touch workforce/kernel/static/govuk/.installed \
    && /opt/wpq/bin/pip install --upgrade pip \
    && /opt/wpq/bin/pip install --editable . \
    && /opt/wpq/bin/python -m compileall -q workforce supervision audits academy migrations

# 3. The image: Python, the PostgreSQL client programs (wpq backup and restore use pg_dump and
# pg_restore), the environment and the code; nothing to build with.
FROM python:3.11-slim-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /srv/wpq --no-create-home wpq
COPY --from=build /opt/wpq /opt/wpq
COPY --from=build /srv/wpq/app /srv/wpq/app
RUN mkdir -p /srv/wpq/app/instance /srv/wpq/metrics && chown wpq:wpq /srv/wpq/app/instance /srv/wpq/metrics
ENV PATH=/opt/wpq/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    WPQ_ENV=production \
    PROMETHEUS_MULTIPROC_DIR=/srv/wpq/metrics
WORKDIR /srv/wpq/app
USER wpq
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "-c", "python:workforce.kernel.operations.gunicorn_settings", "workforce.app:create_app()"]
