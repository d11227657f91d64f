"""WSGI entry point: `flask --app app ...` and `gunicorn app:app` both use it."""
from portal import create_app

app = create_app()
