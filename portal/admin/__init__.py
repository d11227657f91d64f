"""The provider's administration: customer organizations and staff users."""
