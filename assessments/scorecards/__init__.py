"""Scorecards as stored and sent: the codec between Scorecard objects and JSON."""
