"""``python -m incidents`` runs the command-line interface."""
from incidents.cli.app import main

main()
