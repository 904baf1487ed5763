"""Ways mail comes in. Each channel only receives and calls `assistant.intake.accept`."""
