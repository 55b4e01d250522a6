"""Stance classifiers on tiny random models built here: seconds, no downloads.

Every backend passes the same contract: one Stance per quote, in input
order, probabilities summing to one, whatever the batch size."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from quotestance import InvalidInputError, ModelNotFoundError, Quote, Stance  # noqa: E402
from quotestance.stance.classifiers import (  # noqa: E402
    InputFormat,
    StanceClassifier,
    TransformerStance,
    ZeroShotStance,
    map_labels,
    pair_text,
    speaker_is_target,
)

QUOTES = [
    "The planned meeting is great news for the peace-loving people of the world.",
    "Moscow is rushing to resume dialogue as soon as it hears about Tomahawks.",
    "vicious weapons.",
    "x",
]


@pytest.fixture(scope="session", params=["transformer", "zero-shot"])
def classifier(request, tiny_stance, tiny_nli) -> StanceClassifier:
    if request.param == "transformer":
        return TransformerStance(tiny_stance, dtype="fp32", batch_size=3)
    return ZeroShotStance(tiny_nli, dtype="fp32", batch_size=5)


def test_contract_one_stance_per_quote_in_order(classifier):
    assert isinstance(classifier, StanceClassifier)
    stances = classifier.predict(QUOTES, "the Budapest summit")
    assert len(stances) == len(QUOTES)
    for stance in stances:
        assert isinstance(stance, Stance)
        assert set(stance.scores) == {"favor", "against", "neutral"}
        assert abs(sum(stance.scores.values()) - 1) < 1e-4
        assert stance.label == max(stance.scores, key=stance.scores.get)


def test_contract_order_does_not_depend_on_batching(classifier):
    forward = classifier.predict(QUOTES, "the summit")
    backward = classifier.predict(QUOTES[::-1], "the summit")[::-1]
    for a, b in zip(forward, backward):
        assert a.label == b.label
        assert a.scores["favor"] == pytest.approx(b.scores["favor"], abs=1e-4)


def test_contract_empty_input(classifier):
    assert classifier.predict([], "the summit") == []


def test_contract_context_is_used(classifier):
    alone = classifier.predict(["vicious weapons."], "Tomahawk missiles")[0]
    framed = classifier.predict(["vicious weapons."], "Tomahawk missiles",
                                contexts=["He described Tomahawk missiles as vicious weapons."])[0]
    assert alone.scores != framed.scores


def test_contract_rejects_bad_input(classifier):
    with pytest.raises(InvalidInputError):
        classifier.predict("one string", "the summit")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        classifier.predict(QUOTES, "")
    with pytest.raises(InvalidInputError):
        classifier.predict(QUOTES, "t", contexts=["only one"])
    with pytest.raises(InvalidInputError, match="contexts must be strings"):
        classifier.predict(QUOTES[:1], "t", contexts=[5])  # type: ignore[list-item]


def test_contract_an_overlong_quote_is_truncated_not_fatal(classifier):
    stances = classifier.predict(["word " * 5000, "short"], "the Budapest summit")
    assert len(stances) == 2 and all(abs(sum(s.scores.values()) - 1) < 1e-4 for s in stances)


def test_quote_objects_are_accepted(classifier):
    quote = Quote(kind="direct", start=0, end=6, text="\N{LEFT DOUBLE QUOTATION MARK}Yes.\N{RIGHT DOUBLE QUOTATION MARK}")
    assert len(classifier.predict([quote], "the summit")) == 1


def test_model_labels_map_onto_stance_labels():
    assert map_labels({0: "AGAINST", 1: "FAVOR", 2: "NONE"}) == ["against", "favor", "neutral"]
    assert map_labels({0: "con", 1: "pro", 2: "neutral"}) == ["against", "favor", "neutral"]
    with pytest.raises(ModelNotFoundError, match="id2label"):
        map_labels({0: "LABEL_0", 1: "LABEL_1"})


def test_missing_model_says_what_to_do(tmp_path):
    with pytest.raises(ModelNotFoundError, match="never downloads"):
        TransformerStance(tmp_path / "nowhere")


def test_zero_shot_needs_an_nli_model(tiny_stance):
    with pytest.raises(ModelNotFoundError, match="entailment"):
        ZeroShotStance(tiny_stance)


def test_pair_text_uses_the_context_that_holds_the_quote():
    assert pair_text("vicious weapons.", None) == "vicious weapons."
    assert pair_text("vicious weapons.", "he called them vicious weapons.") == "he called them vicious weapons."
    assert pair_text("great", "Another sentence.") == "great Another sentence."


def test_precision_follows_the_request(tiny_stance):
    assert TransformerStance(tiny_stance, dtype="fp32").dtype == torch.float32
    assert TransformerStance(tiny_stance, dtype="bf16").dtype == torch.bfloat16


def test_label_bias_shifts_the_labels_it_names(tiny_stance):
    plain = TransformerStance(tiny_stance, dtype="fp32", label_bias={})
    raw = plain.logits(QUOTES, "the summit").softmax(-1)
    for stance, row in zip(plain.predict(QUOTES, "the summit"), raw.tolist()):
        assert [stance.scores[label] for label in plain.labels] == pytest.approx(row, abs=1e-5)
    neutral = TransformerStance(tiny_stance, dtype="fp32", label_bias={"neutral": 50.0})
    assert {s.label for s in neutral.predict(QUOTES, "the summit")} == {"neutral"}
    with pytest.raises(InvalidInputError, match="label_bias"):
        TransformerStance(tiny_stance, label_bias={"pro": 1.0})


def test_unrelated_counts_as_neutral_unless_on_topic(tiny_four_label):
    plain = TransformerStance(tiny_four_label, dtype="fp32", label_bias={})
    raw = plain.logits(QUOTES, "the summit")
    assert raw.shape == (len(QUOTES), 4)
    everything = raw.softmax(-1)
    for stance, row in zip(plain.predict(QUOTES, "the summit"), everything.tolist()):
        assert stance.scores["neutral"] == pytest.approx(row[2] + row[3], abs=1e-5)
    on_topic = TransformerStance(tiny_four_label, dtype="fp32", label_bias={}, on_topic=True)
    for stance, row in zip(on_topic.predict(QUOTES, "the summit"), raw[:, :3].softmax(-1).tolist()):
        assert [stance.scores[label] for label in ("favor", "against", "neutral")] == pytest.approx(row, abs=1e-5)
    assert on_topic.predict([], "the summit") == []


def test_on_topic_needs_an_unrelated_label(tiny_stance):
    with pytest.raises(InvalidInputError, match="unrelated"):
        TransformerStance(tiny_stance, on_topic=True)


def test_a_target_longer_than_the_model_reads_is_refused_not_cut(classifier):
    with pytest.raises(InvalidInputError, match="at most 64 tokens"):
        classifier.predict(["great news"], "the summit " * 40)


def test_a_target_longer_than_the_encoder_reads_is_refused_without_the_tokenizers_warning():
    import logging

    from quotestance.stance.classifiers import check_target_length
    from quotestance.stance.finetune import _tokenizer

    tokenizer = _tokenizer()  # the packaged encoder's, which reads at most 512 tokens
    seen: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = seen.append  # type: ignore[method-assign]
    library = logging.getLogger("transformers")
    level = library.level
    library.addHandler(handler)
    library.setLevel(logging.WARNING)  # as a user's session has it, whatever an earlier test left
    try:
        with pytest.raises(InvalidInputError, match="at most 64 tokens"):
            check_target_length(tokenizer, "the summit " * 400)
    finally:
        library.removeHandler(handler)
        library.setLevel(level)
    assert not [record.getMessage() for record in seen]


def test_lone_surrogates_are_read_as_replacement_characters_not_crashed_on(classifier):
    """Text decoded with ``surrogateescape`` reaches the tokenizer as U+FFFD."""
    odd = classifier.predict(["It is a bad \udcff deal.", "x"], "the deal \ud800", ["Smith said: It is a bad \udcff deal.", None])
    plain = classifier.predict(["It is a bad \ufffd deal.", "x"], "the deal \ufffd", ["Smith said: It is a bad \ufffd deal.", None])
    assert [s.scores for s in odd] == pytest.approx([s.scores for s in plain])


@pytest.mark.parametrize("target", ["", "   ", None])
def test_an_empty_target_is_refused(classifier, target):
    with pytest.raises(InvalidInputError, match="non-empty"):
        classifier.predict(["great news"], target)


@pytest.mark.parametrize("target", ["!!!", "...", " - "])
def test_a_target_with_no_words_is_refused(classifier, target):
    with pytest.raises(InvalidInputError, match="no words"):
        classifier.predict(["great news"], target)


def test_quotes_and_contexts_may_come_as_any_iterable(classifier):
    """A generator is read once: the answer is the list's, never an empty list."""
    as_list = classifier.predict(QUOTES, "the summit", [f"He said: {q}" for q in QUOTES])
    streamed = classifier.predict((q for q in QUOTES), "the summit", (f"He said: {q}" for q in QUOTES))
    assert [s.scores for s in streamed] == pytest.approx([s.scores for s in as_list])


@pytest.mark.parametrize("settings, problem", [
    ({"dtype": "fp8"}, "dtype 'fp8'.*fp32, bf16"),
    ({"device": "cuda:7" if torch.cuda.is_available() else "cuda"}, "device"),
    ({"device": "not-a-device"}, "device 'not-a-device'"),
    ({"batch_size": 0}, "batch_size"),
    ({"max_length": -1}, "max_length"),
])
def test_bad_settings_are_refused_before_any_work(tiny_stance, tiny_nli, settings, problem):
    for make in (lambda: TransformerStance(tiny_stance, **settings), lambda: ZeroShotStance(tiny_nli, **settings)):
        with pytest.raises(InvalidInputError, match=problem):
            make()


def test_pair_text_leads_with_the_speaker_only_when_given():
    assert pair_text("great news", None, "Viktor Orban") == "Viktor Orban: great news"
    assert pair_text("great news", "He said it was great news.", None) == "He said it was great news."
    assert pair_text("great news", "He said it was great news.", "Orban") == "Orban: He said it was great news."


@pytest.mark.parametrize("speaker, target, same", [
    ("Hillary Clinton", "Hillary Clinton", True), ("Mrs. Clinton", "Hillary Clinton", True),
    ("Donald Trump", "Trump", True), ("Viktor Orbán", "Orban", True), ("Zelenskiy", "Volodymyr Zelenskyy", True),
    ("the BBC", "BBC", True), ("Clinton", "Clinton's tax plan", False), ("Sina", "Shanda's stake in Sina", False),
    ("analysts", "analysts", False), ("Orban", "the Budapest summit", False), ("Donald Trump", "Melania Trump", False),
])
def test_speaker_is_target_means_the_target_names_the_speaker_alone(speaker, target, same):
    assert speaker_is_target(speaker, target) is same


def test_the_self_marker_leads_only_a_speaker_who_is_the_target():
    marked = InputFormat(speaker=True, self_marker=True)
    context = "She said she had won the debate."
    assert marked.second("won", context, "Hillary Clinton", "Clinton") == "Hillary Clinton (the target): " + context
    assert marked.second("won", context, "Hillary Clinton", "the debate") == "Hillary Clinton: " + context
    assert marked.second("won", context, None, "Clinton") == context
    assert InputFormat(speaker=True).second("won", context, "Hillary Clinton", "Clinton") == "Hillary Clinton: " + context
    assert InputFormat.of(marked.as_meta()) == marked
    assert InputFormat.of({"speaker_input": True}) == InputFormat(speaker=True)


def test_a_model_trained_with_speakers_reads_them_from_quotes(tiny_stance, tmp_path):
    import json
    import shutil

    folder = tmp_path / "with-speakers"
    shutil.copytree(tiny_stance, folder)
    (folder / "quotestance.json").write_text(json.dumps({"speaker_input": True}))
    reader = TransformerStance(folder, dtype="fp32")
    plain = TransformerStance(tiny_stance, dtype="fp32")
    quote = Quote("direct", 0, 10, "great news", speaker="Moscow")
    assert reader.inputs.speaker and not plain.inputs.speaker
    with_speaker = reader.logits([quote], "the summit")
    assert not torch.allclose(with_speaker, reader.logits(["great news"], "the summit"))
    assert torch.allclose(plain.logits([quote], "the summit"), plain.logits(["great news"], "the summit"))


def test_a_model_trained_on_hypotheses_judges_the_speaker_supporting_the_target(tiny_stance, tmp_path):
    import json
    import shutil

    from quotestance.stance.classifiers import InputFormat

    hypotheses = InputFormat(hypothesis=True)
    assert hypotheses.first("the summit", "Viktor Orban") == "Viktor Orban supports the summit."
    assert hypotheses.first("the summit", None) == "The speaker supports the summit."
    assert InputFormat().first("the summit", "Viktor Orban") == "the summit"
    assert InputFormat.of(hypotheses.as_meta()) == hypotheses
    folder = tmp_path / "with-hypotheses"
    shutil.copytree(tiny_stance, folder)
    (folder / "quotestance.json").write_text(json.dumps(hypotheses.as_meta()))
    reader = TransformerStance(folder, dtype="fp32")
    plain = TransformerStance(tiny_stance, dtype="fp32")
    assert reader.inputs == hypotheses
    assert not torch.allclose(reader.logits(["great news"], "the summit"), plain.logits(["great news"], "the summit"))
    orban = Quote("direct", 0, 10, "great news", speaker="Moscow")  # a word the tiny test model knows
    assert not torch.allclose(reader.logits([orban], "the summit"), reader.logits(["great news"], "the summit"))
    together = reader.predict_targets([orban], ["the summit", "the talks"])
    for target in ("the summit", "the talks"):
        alone = reader.predict([orban], target)[0].scores
        assert together[target][0].scores == pytest.approx(alone, abs=1e-5)


def test_a_malformed_model_config_names_its_file(tiny_stance, tmp_path):
    import shutil

    folder = tmp_path / "broken"
    shutil.copytree(tiny_stance, folder)
    (folder / "quotestance.json").write_text("{not json")
    with pytest.raises(ModelNotFoundError, match="quotestance.json"):
        TransformerStance(folder)


def test_predict_targets_equals_predict_per_target(tiny_stance):
    from quotestance import InvalidInputError, TransformerStance

    model = TransformerStance(tiny_stance, dtype="fp32")
    quotes = ["the summit is great news", "weapons", "peace about moscow and the summit"]
    contexts = [None, "the weapons speaker opposes", None]
    together = model.predict_targets(quotes, ["the summit", "peace"], contexts)
    for target in ("the summit", "peace"):
        alone = model.predict(quotes, target, contexts)
        assert [s.label for s in together[target]] == [s.label for s in alone]
        for a, b in zip(together[target], alone):
            assert a.scores == pytest.approx(b.scores, abs=1e-5)
    with pytest.raises(InvalidInputError, match="list of targets"):
        model.predict_targets(quotes, "the summit")


def test_a_model_trained_with_the_self_marker_reads_it_per_target(tiny_stance, tmp_path):
    import json
    import shutil

    marked, unmarked = tmp_path / "marked", tmp_path / "unmarked"
    for folder, meta in ((marked, InputFormat(speaker=True, self_marker=True)), (unmarked, InputFormat(speaker=True))):
        shutil.copytree(tiny_stance, folder)
        (folder / "quotestance.json").write_text(json.dumps(meta.as_meta()))
    reader, plain = TransformerStance(marked, dtype="fp32"), TransformerStance(unmarked, dtype="fp32")
    moscow = Quote("direct", 0, 10, "great news", speaker="Moscow")  # a word the tiny test model knows
    assert reader.inputs.self_marker and not plain.inputs.self_marker
    assert torch.allclose(reader.logits([moscow], "the summit"), plain.logits([moscow], "the summit"))
    assert not torch.allclose(reader.logits([moscow], "Moscow"), plain.logits([moscow], "Moscow"))
    together = reader.predict_targets([moscow], ["the summit", "Moscow"])
    for target in ("the summit", "Moscow"):
        assert together[target][0].scores == pytest.approx(reader.predict([moscow], target)[0].scores, abs=1e-5)
