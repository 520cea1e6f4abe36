"""Ukrainian capability requests and their confidentiality."""
