"""Files in, offsets exact: whatever the line breaks, a byte-order mark or the
Unicode normal form, every offset indexes the file's own decoded text
(``open(path, encoding="utf-8", newline="").read()``)."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from quotestance import extract_quotes, track
from quotestance.attribution.text import paragraphs
from quotestance.corpus.inputs import read_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "trump_putin_budapest_summit.txt"
L, R = "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}"
BOM = "\N{ZERO WIDTH NO-BREAK SPACE}"


def _mixed(text: str) -> str:
    lines = text.split("\n")
    return "".join(line + ("\r\n", "\r", "\n")[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]


VARIANTS = {
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "cr": lambda text: text.replace("\n", "\r"),
    "mixed": _mixed,
    "bom": lambda text: BOM + text,
    "nfd": lambda text: unicodedata.normalize("NFD", text),
}


@pytest.fixture(scope="module")
def variant_files(tmp_path_factory, seed_text) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("variants")
    files = {}
    for name, make in VARIANTS.items():
        files[name] = folder / f"{name}.txt"
        files[name].write_bytes(make(seed_text).encode("utf-8"))
    return files


def _as_lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip(BOM)


def test_every_line_break_convention_gives_the_same_quotes_at_the_files_offsets(variant_files, seed_quotes):
    result = subprocess.run([sys.executable, "-m", "quotestance", "analyze", *map(str, variant_files.values()),
                             "--roster", str(ROOT / "seeds" / "seed_summit.json"), "--format", "jsonl", "--no-progress"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    for name, path in variant_files.items():
        text = read_text(path)
        mine = [r for r in rows if r["doc_id"] == str(path)]
        assert [text[r["start"] : r["end"]] for r in mine] == [r["text"] for r in mine], name
        assert [r["cue"] for r in mine] == [text[r["cue_start"] : r["cue_end"]] if r["cue"] else None for r in mine], name
        expected = [unicodedata.normalize("NFD", q.text) if name == "nfd" else q.text for q in seed_quotes]
        assert [_as_lf(r["text"]) for r in mine] == expected, name
        assert [r["speaker"] if isinstance(r["speaker"], str) else None for r in mine] == [q.speaker for q in seed_quotes], name


def test_track_reads_a_file_as_it_is(variant_files):
    text = read_text(variant_files["crlf"])
    frame = track(variant_files["crlf"])
    assert len(frame) > 0
    assert all(text[row.start : row.end] == row.text for row in frame.itertuples())


def test_cr_only_text_is_split_into_the_same_paragraphs(seed_text, seed_quotes, seed_gold):
    text = seed_text.replace("\n", "\r")
    assert list(paragraphs(text)) == list(paragraphs(seed_text))
    assert list(paragraphs("a\r\nb\rc\nd")) == [(0, 1), (3, 4), (5, 6), (7, 8)]
    quotes = extract_quotes(text, roster=seed_gold["speakers"])
    assert [(q.start, q.end, q.speaker) for q in quotes] == [(q.start, q.end, q.speaker) for q in seed_quotes]


def test_a_byte_order_mark_stays_at_offset_zero(seed_text, seed_quotes, seed_gold):
    quotes = extract_quotes(BOM + seed_text, roster=seed_gold["speakers"])
    assert [(q.start - 1, q.end - 1, q.text) for q in quotes] == [(q.start, q.end, q.text) for q in seed_quotes]


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_names_match_in_either_normal_form(form):
    text = unicodedata.normalize(form, f"{L}We will not sign this deal,{R} said Zoé Müller, the Swiss negotiator.\n"
                                       f"{L}The talks are over,{R} José García told reporters on Monday.\n"
                                       "Müller said the plan would fail.")
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == [unicodedata.normalize("NFC", name) for name in ("Zoé Müller", "José García", "Zoé Müller")]
    for quote in quotes:
        for span in (quote.span, quote.cue, quote.speaker_mention, quote.clause):
            assert span is None or text[span.start : span.end] == span.text
    assert quotes[1].speaker_mention is not None and quotes[1].speaker_mention.text == unicodedata.normalize(form, "José García")
