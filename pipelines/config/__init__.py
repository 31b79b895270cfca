"""Stage 0, config: the shared vocabulary (taxonomy, data contract) and authority profiles, read from
config/*.yaml. Imports nothing of the package but its ROOT."""
