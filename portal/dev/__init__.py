"""Development-only pages: the outbox of e-mails the portal would have sent."""
