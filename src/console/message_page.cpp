// Placeholder: filled in by the console work (issue #9).
