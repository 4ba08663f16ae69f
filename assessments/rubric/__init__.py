"""The rubric as data: capabilities, frameworks, questions and thresholds."""
