"""A generated fault benchmark: healthy base runs, injected faults, probing as a user, scoring, calibration."""
