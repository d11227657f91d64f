"""The import pipeline's pages and services, shared by every kind of import (core/importing.py)."""
