"""Profiles: the schema, reading and writing files, validation, view, share and migration."""
