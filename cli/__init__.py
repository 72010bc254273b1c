"""The command-line interface (installed as ``incidents.cli``)."""
