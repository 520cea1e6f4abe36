"""In-app notifications, e-mail delivery, preferences and digests."""
