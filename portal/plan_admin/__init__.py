"""Administrators edit the provider's plan template (steps' tasks, offsets, feature keys) without code."""
