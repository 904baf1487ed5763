"""Building the intent model, as a declared workflow: generate -> train -> evaluate -> package.

The steps and every setting are declared in `intents/configs/workflow.toml` (as spaCy projects
declare theirs in project.yml); `python -m intents.workflow STEP` runs one, `all` runs them in order.
Nothing here is imported by the service: the runtime (`intents.classifier` and what it imports)
reads a shipped model folder and its meta.json only.
"""
