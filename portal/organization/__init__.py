"""Managing people: a customer's primary contact administers their own organization's users."""
