"""Shared machinery every feature uses: storage, mail, audit, permissions, crypto, enums."""
