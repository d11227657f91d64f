"""Administrators keep the catalog of phone models that worksheets offer: add, edit, retire, delete."""
