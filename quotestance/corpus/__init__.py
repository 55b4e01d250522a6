"""Corpora: many documents in, pandas DataFrames out.

Takes documents (a JSONL/CSV/Parquet path, a DataFrame, a list of strings or
records, a ``datasets.Dataset``), runs attribution and stance over them, and
gives one row per quote; then summaries over speakers and time, plots, and
exports to other tools' formats. pandas and matplotlib load here, at the edge.

- ``inputs``: documents from any of the accepted shapes
- ``track``: the corpus loop (extraction, speaker merging across documents, stance)
- ``frames``: quotes and stances -> rows, and ``SCHEMA``, the one definition of a row
- ``sources``, ``shards``, ``store``, ``runs``: runs to a folder of Parquet, shard by
  shard, resumable, with failing documents kept apart; ``read_results``
- ``ray_engine``: the same shards on Ray Data (optional: ``quotestance[ray]``)
- ``summary``: stance per speaker and per period
- ``plots``: timelines and speaker charts (matplotlib Figures)
- ``exports``: BBC citron JSON and brat standoff
"""
