"""Demo content: an organisation, its teams and people, and answers that claim each level."""
