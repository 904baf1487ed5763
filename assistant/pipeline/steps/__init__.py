"""One module a step. Reading steps are pure CPU; filing steps work in the database transaction."""
