"""Cross-cutting infrastructure. Nothing here imports a feature module."""
