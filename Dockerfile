FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY ticker ticker
COPY workers workers
RUN pip install --no-cache-dir .
COPY fixtures fixtures
RUN useradd --system ticker
USER ticker
