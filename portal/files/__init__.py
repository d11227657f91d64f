"""Stored files, served only through an authorizing view."""
