"""The Celery side of ticker: `celery -A workers worker` starts a worker."""

from workers.celery import app

__all__ = ["app"]
