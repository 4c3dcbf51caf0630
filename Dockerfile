# BASE_IMAGE: any Debian-like image with python3 >= 3.11 and its venv module. Without Docker Hub,
# scripts/local-docker-images builds one from Debian's packages (ticker-base:bookworm).
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}
# a venv: Debian's own python3 refuses pip installs into the system (PEP 668)
RUN python3 -m venv /opt/ticker
ENV PATH=/opt/ticker/bin:$PATH PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# the dependencies first, in a layer of their own: a change to ticker's code rebuilds in seconds
COPY pyproject.toml ./
RUN python3 -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt "setuptools>=68" && rm /tmp/requirements.txt
COPY README.md ./
COPY ticker ticker
COPY workers workers
RUN pip install --no-deps --no-build-isolation .
COPY fixtures fixtures
RUN useradd --system ticker
USER ticker
