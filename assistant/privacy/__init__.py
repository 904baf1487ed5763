"""The assistant's own privacy duties: retention of what people wrote, a requester's own data
(export, erasure), and the audit trail as a record a regulator can be shown."""
