"""Browser pages of the benefits app. Views validate input, call a service or a selector, and render."""
