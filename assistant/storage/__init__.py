"""Durable storage: the schema, the engine, and migrations applied on start."""
