"""Stance: (quotes, target) in, :class:`~quotestance.types.Stance` objects out.

Takes quote texts, a target written in plain words and optional contexts;
gives one favor / against / neutral label with probabilities per quote, in
input order. Any object with ``predict(quotes, target, contexts=None)`` is a
classifier. torch and transformers load on first use, never at import.

- ``classifiers``: the protocol, ``TransformerStance`` and ``ZeroShotStance``
- ``folders``: what a local model folder must hold, checked before torch loads
- ``models/``: the shipped model (a LoRA adapter on the packaged MiniLM)
- ``data``: stance corpora (VAST, SemEval, ...) as rows
- ``evaluation``: scoring on those corpora; the neutral-offset fit
- ``train``: ``python -m quotestance.stance.train``, which also writes the model card
- ``soup``: the average of several runs' checkpoints (``train --soup``), shipped as one run
"""
