"""Helpers with no domain: e-mail building, the broker check, cache keys, view decorators.

The bottom layer: it imports nothing of Netwerk's own apps, so every app may use it."""
