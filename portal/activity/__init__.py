"""The staff's activity feed over the audit log."""
