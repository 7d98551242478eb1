"""Browser pages of the collection app, split by screen."""
