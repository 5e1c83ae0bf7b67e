"""Sync files for the upstream (provincial) system, and the upstream side's verify and import."""
