"""The ``quotestance`` command.

    quotestance analyze ARTICLE.txt [...] --target "the Budapest summit" [--roster roster.json]
    quotestance track CORPUS.jsonl [...] --target "Hillary Clinton" --output DIR [--engine ray] [--address auto] [--num-gpus N]

Exit codes: 0 success, 1 some files (for ``track``, documents) could not be
read (the rest are still analysed), 2 bad usage, 3 a model is missing or cannot load. Every argument
(the roster, --output, the model folder, the target) is checked before any
model loads or any article is read, so a mistake costs a second, not a run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Sequence, TextIO

from .attribution.aliases import Roster
from .corpus.frames import FORMATS, write_quotes
from .corpus.inputs import read_text
from .errors import InvalidInputError, ModelNotFoundError, QuotestanceError

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, EXIT_MODEL = 0, 1, 2, 3
TABLE_COLUMNS = ["doc_id", "kind", "speaker", "source_kind", "cue", "text", "stance", "p_favor", "p_against", "p_neutral"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quotestance", description="Quotes, speakers and stance in news articles.")
    commands = parser.add_subparsers(dest="command", required=True)
    analyze = commands.add_parser("analyze", help="extract quotes (and stance) from text files",
                                  description="Find every quote in each FILE, who said it, and (with --target) its stance.")
    analyze.add_argument("files", nargs="+", type=Path, metavar="FILE", help="UTF-8 text files, one article each")
    analyze.add_argument("--target", help="what stance is toward, in plain words, e.g. 'the Budapest summit'; "
                         "without it no stance is computed")
    analyze.add_argument("--roster", type=Path, help="JSON of known speakers: {canonical name: [aliases]} "
                         "(a fixture file with a 'speakers' key works too)")
    analyze.add_argument("--format", choices=["table", *FORMATS], default="table",
                         help="table: a readable table (the default); "
                         + "; ".join(f"{name}: {what}" for name, what in FORMATS.items()))
    analyze.add_argument("--output", type=Path, help="write here instead of standard output")
    analyze.add_argument("--model", help="a local stance model folder instead of the shipped one")
    analyze.add_argument("--no-offset", action="store_true",
                         help="ignore the label offsets saved with the model (the shipped model's neutral prior "
                              "correction, fitted on its dev split; the shipped one lowers neutral, so without it more quotes are "
                              "called neutral)")
    analyze.add_argument("--on-topic", action="store_true",
                         help="take every quote to be about the target (articles chosen for it): a model with an "
                              "'unrelated' label then stops calling quotes that never name the target neutral")
    analyze.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    _track_parser(commands)
    return parser


def _track_parser(commands: Any) -> None:
    track = commands.add_parser(
        "track", help="quotes and stance over a corpus, to Parquet (resumable; on Ray with --engine ray)",
        description="Quotes, speakers and stance over JSONL, CSV or Parquet files, written to Parquet in --output. "
                    "Running the same command again resumes; read the result with quotestance.read_results(DIR).")
    track.add_argument("corpus", nargs="+", metavar="CORPUS", help="files, folders or globs (local, or a URI pyarrow reads: s3://...)")
    track.add_argument("--target", action="append", default=[], help="what stance is toward (repeat for several); none: quotes only")
    track.add_argument("--output", required=True, help="the folder for rows/, errors/ and speakers.parquet (local or a URI)")
    track.add_argument("--engine", choices=["inprocess", "ray"], default="inprocess",
                       help="inprocess (default: this process, a shard at a time) or ray (pip install 'quotestance[ray]')")
    track.add_argument("--address", help="with --engine ray: a Ray cluster to join ('auto' finds the local one); "
                       "without it a local Ray starts")
    track.add_argument("--num-gpus", type=float, default=0, help="with --engine ray: GPUs for stance, one actor per GPU")
    track.add_argument("--workers", type=int, help="with --engine ray: extraction tasks at a time (default: every CPU)")
    track.add_argument("--shard-size", type=int, help="documents per shard (a run must keep it to resume)")
    track.add_argument("--text-column", help="the field holding the text (default: text, body, content or article)")
    track.add_argument("--roster", type=Path, help="JSON of known speakers: {canonical name: [aliases]}")
    track.add_argument("--model", help="a local stance model folder instead of the shipped one")
    track.add_argument("--no-offset", action="store_true", help="ignore the label offsets saved with the model")
    track.add_argument("--on-topic", action="store_true", help="take every quote to be about the target")
    track.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def _check_output(path: Path) -> None:
    """Refuse an --output that cannot be written, before the work, without
    touching a file that is there already."""
    if path.is_dir():
        raise InvalidInputError(f"--output {path} is a folder: give a file name, e.g. {path / 'quotes.csv'}")
    if path.parent.exists() and not path.parent.is_dir():
        raise InvalidInputError(f"--output {path}: {path.parent} is not a folder")
    if not path.parent.is_dir():
        raise InvalidInputError(f"--output {path}: the folder {path.parent} does not exist; create it first")
    existed = path.exists()
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as error:
        raise InvalidInputError(f"--output {path}: cannot write there ({error.strerror}); choose another path") from error
    if not existed:
        path.unlink()


def _check_arguments(args: argparse.Namespace) -> Roster | None:
    """The roster, having checked every argument that no model is needed for."""
    from .stance.folders import check_model_folder, model_labels
    from .types import OFF_TOPIC

    targets = args.target if isinstance(args.target, list) else [] if args.target is None else [args.target]
    if any(not target.strip() for target in targets):
        raise InvalidInputError("--target is empty: name what stance is toward, e.g. --target 'the Budapest summit'")
    alone = [flag for flag, given in (("--model", args.model), ("--no-offset", args.no_offset), ("--on-topic", args.on_topic)) if given]
    if alone and not targets:
        raise InvalidInputError(f"{', '.join(alone)} only matter(s) with --target: add --target 'what stance is toward'")
    roster = Roster.load(args.roster) if args.roster is not None else None
    if args.output is not None and args.command == "analyze":
        _check_output(args.output)
    if args.model is not None:
        check_model_folder(args.model)
    if args.on_topic:
        labels = model_labels(args.model)
        if labels is not None and OFF_TOPIC not in labels:
            raise InvalidInputError(f"--on-topic needs a model with an {OFF_TOPIC!r} label (python -m quotestance.stance.train "
                                    f"--unrelated-label); this one has {labels}")
    return roster


def _read(files: Sequence[Path], err: TextIO) -> tuple[list[tuple[str, str]], int]:
    documents, failures = [], 0
    for path in files:
        if path.is_dir():
            failures += 1
            err.write(f"quotestance: {path} is a folder: give its files ({path}/*.txt), or run quotestance track {path}\n")
            continue
        try:
            documents.append((str(path), read_text(path)))
        except (OSError, UnicodeDecodeError) as error:
            failures += 1
            err.write(f"quotestance: cannot read {path}: {error.strerror if isinstance(error, OSError) else 'not UTF-8 text'}\n")
    return documents, failures


def _write(frame: Any, fmt: str, out: TextIO) -> None:
    if fmt in FORMATS:
        write_quotes(frame, fmt, out)
    else:
        columns = [c for c in TABLE_COLUMNS if c in frame.columns]
        shown = frame[columns].copy()
        shown["text"] = shown["text"].str.slice(0, 70)
        unnamed = frame["speaker_mention"].map(lambda m: f"({m})" if isinstance(m, str) else "-")
        shown["speaker"] = shown["speaker"].where(shown["speaker"].notna(), unnamed)
        if shown["doc_id"].nunique() <= 1:
            shown = shown.drop(columns="doc_id")
        else:
            shown["doc_id"] = shown["doc_id"].map(lambda d: Path(str(d)).name[:28])
        import pandas as pd

        with pd.option_context("display.max_colwidth", 72, "display.width", 250, "display.max_rows", None):
            out.write((shown.to_string(index=False, float_format=lambda v: f"{v:.2f}") if len(shown) else "no quotes found") + "\n")


def analyze(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .stance.classifiers import TransformerStance
    from .corpus.track import track

    roster = _check_arguments(args)
    documents, failures = _read(args.files, err)
    if documents:
        # One way to the classifier: built here only when a target asks for one, and the target
        # checked against its tokenizer before any article is analysed.
        classifier = None
        if args.target is not None:
            classifier = TransformerStance(args.model, label_bias={} if args.no_offset else None, on_topic=args.on_topic)
            classifier.check_target(args.target)
        frame = track([{"id": i, "text": t} for i, t in documents], target=args.target, roster=roster,
                      classifier=classifier, progress=not args.no_progress and len(documents) > 1)
        if args.output:
            with args.output.open("w", encoding="utf-8", newline="") as handle:
                _write(frame, args.format, handle)
        else:
            _write(frame, args.format, out)
    return EXIT_UNREADABLE if failures else EXIT_OK


def track_corpus(args: argparse.Namespace, out: TextIO) -> int:
    """``quotestance track``: a corpus to a folder of Parquet (runs.py, or Ray)."""
    from functools import partial

    from .corpus.track import track
    from .stance.classifiers import TransformerStance

    roster = _check_arguments(args)
    options: dict[str, Any] = {}
    if args.engine == "ray":
        options.update(address=args.address, num_gpus=args.num_gpus, workers=args.workers)
    elif args.address or args.num_gpus or args.workers:
        raise InvalidInputError("--address, --num-gpus and --workers go with --engine ray")
    if args.shard_size:
        options["shard_size"] = args.shard_size
    # a factory, so that each Ray actor loads the model itself, on its own device
    classifier = (partial(TransformerStance, args.model, label_bias={} if args.no_offset else None, on_topic=args.on_topic)
                  if args.target and (args.model or args.no_offset or args.on_topic) else None)
    summary = track(args.corpus, target=args.target, roster=roster, classifier=classifier,
                    text_column=args.text_column, progress=not args.no_progress, engine=args.engine, output=args.output,
                    **options)
    out.write(f"{summary.documents} documents in {summary.shards} shards ({summary.skipped} done before), "
              f"{summary.rows} rows, {summary.errors} errors -> {summary.output}\n")
    return EXIT_UNREADABLE if summary.errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "track":
            return track_corpus(args, sys.stdout)
        return analyze(args, sys.stdout, sys.stderr)
    except ModelNotFoundError as error:
        sys.stderr.write(f"quotestance: {error}\n")
        return EXIT_MODEL
    except (QuotestanceError, OSError) as error:
        sys.stderr.write(f"quotestance: {error}\n")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
