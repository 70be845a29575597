"""The dossier unique d'insertion: domain, rules (authorization included) and services."""
