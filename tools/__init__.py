"""Builders of the project's data: the golden recordings of ``tests/recordings/`` and the rule
data of ``scrapers/data/``, each from the real material in ``../shared``. Run each as a script
(``python tools/build_x.py ...``); none is imported by the scrapers."""
