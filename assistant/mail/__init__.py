"""Reading raw mail: parsing, the new text of a reply, and machine-generated mail."""
