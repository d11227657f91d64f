"""A customer's sites: name, address (the default E911 address), time zone, country."""
