"""Accounts: log in and out, invitations, password resets and changes, fresh logins."""
