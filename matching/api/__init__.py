"""REST API of matching: matches with their moves and the staff dashboard (matches.py), and the work the two
parties and the office do together once both accepted (together.py)."""

from .matches import DashboardView, MatchViewSet
from .together import MatchMessagesView, MatchWorkView

__all__ = ["DashboardView", "MatchMessagesView", "MatchViewSet", "MatchWorkView"]
