"""spkgen: build-time generators for Synology package resources (spksrc plugin)."""
__version__ = "0.1.0"
