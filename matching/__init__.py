"""The match pipeline: stored pairs, their scoring jobs and their curation."""
