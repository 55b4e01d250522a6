"""Evaluation: gold corpora in, metrics out.

Takes labelled attributions (PolNeAR's brat files, the seed fixture) and the
pipeline's quotes; gives precision, recall, F1 and speaker accuracy by the
GenderGapTracker metric. ``python -m quotestance.evaluate polnear --split dev``
prints the table the README reports.

- ``metrics``: precision / recall / F1, macro-F1, confusion matrices
- ``polnear``: the PolNeAR reader and the attribution scorer
- ``fixtures``: labelled fixture files such as ``seeds/seed_summit.json``
"""
