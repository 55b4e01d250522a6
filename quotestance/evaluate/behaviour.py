"""A behavioural test suite for stance classifiers, in the style of CheckList
(Ribeiro et al., ACL 2020): capabilities probed by cases built from templates.

Each case is a (quote, target, expected label) written here by hand, with an
optional speaker and context; invariance cases are groups whose members differ
only in the target's name and must all get one label. The templates are test
material only: nothing here is trained on.

    python -m quotestance.evaluate.behaviour [--model PATH]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from ..types import Quote, StanceLabel

TARGETS = ("the offshore gas ban", "the tax cut", "the peace talks", "the merger", "the smoking ban",
           "the new airport runway", "the Budapest summit", "the pension reform")

SUPPORT = ("I strongly support {t}.", "{T} is exactly what this country needs.", "We warmly welcome {t}.",
           "I am fully in favour of {t}.", "{T} is a great step forward for everyone.", "I will vote for {t} without hesitation.",
           "{T} deserves everyone's support.", "We backed {t} from the start and we still do.",
           "{T} is good news for families and for business.", "Make no mistake: {t} is the right decision.")
OPPOSE = ("I strongly oppose {t}.", "{T} is a disaster and should be scrapped.", "We reject {t} completely.",
          "I am firmly against {t}.", "{T} is a terrible mistake.", "I will vote against {t}.",
          "{T} must be stopped before it does more damage.", "We have fought {t} from the start and we will keep fighting it.",
          "{T} is bad news for families and for business.", "Make no mistake: {t} is the wrong decision.")
NEGATION: tuple[tuple[str, StanceLabel], ...] = (
    ("I do not support {t}.", "against"), ("I cannot support {t} in its current form.", "against"),
    ("I have never supported {t} and I never will.", "against"), ("{T} is not good for anyone.", "against"),
    ("I would never vote for {t}.", "against"), ("{T} is not a bad idea at all.", "favor"),
    ("Nobody can deny that {t} is good for the country.", "favor"), ("There is nothing wrong with {t}.", "favor"),
    ("{T} is not the disaster its critics claim; it is working.", "favor"), ("I have no objection whatsoever to {t}.", "favor"),
)
HEDGE: tuple[tuple[str, StanceLabel], ...] = (
    ("If {t} goes ahead, thousands of people will lose their jobs.", "against"),
    ("Unless {t} is dropped, we will leave the coalition.", "against"),
    ("I suspect {t} may well turn out to be a costly mistake.", "against"),
    ("{T} could, I think, be a real step in the right direction.", "favor"),
    ("If {t} passes, our children will breathe cleaner air.", "favor"),
    ("On balance, I believe {t} will probably do more good than harm.", "favor"),
)
SARCASM: tuple[tuple[str, StanceLabel], ...] = (
    ("Oh great, {t}. Just what we needed.", "against"),
    ("Yeah, {t} is working out brilliantly, if you enjoy chaos.", "against"),
    ("What a wonderful idea {t} is. Said nobody, ever.", "against"),
    ("Sure, {t} will fix everything, and pigs will fly.", "against"),
    ("Congratulations on {t}: you have managed to annoy every single voter.", "against"),
)
OFF_TOPIC = ("The weather is lovely today.", "The match kicks off at eight o'clock.",
             "Our office moves to the third floor next month.", "I had pasta for lunch.",
             "The museum reopens on Saturday after the renovation.", "My daughter starts school in September.",
             "The train was twenty minutes late this morning.", "The concert sold out in an hour.",
             "We painted the kitchen blue last weekend.", "The library is open until nine.")
# (target, a paraphrase or pronoun the quote uses instead of its name, context naming it)
PARAPHRASES = (
    ("the offshore gas ban", "stopping gas drilling off our coast", "Asked about the offshore gas ban, she said:"),
    ("the tax cut", "letting people keep more of what they earn", "Asked about the tax cut, he said:"),
    ("the peace talks", "sitting down with the other side to end the war", "On the peace talks, the minister said:"),
    ("the merger", "joining the two companies together", "Speaking about the merger, the chairman said:"),
    ("the smoking ban", "keeping cigarettes out of pubs and restaurants", "On the smoking ban, the doctor said:"),
    ("the Budapest summit", "the meeting in Hungary", "Asked about the Budapest summit, the senator said:"),
)
PARAPHRASE_TEMPLATES: tuple[tuple[str, StanceLabel], ...] = (
    ("I strongly support {p}.", "favor"), ("{P} is a terrible mistake.", "against"),
    ("It is a disaster and should be cancelled.", "against"), ("It is the best thing that could happen to us.", "favor"),
)
SELF_SPEAKERS = ("Hillary Clinton", "Donald Trump", "Tony Blair", "Angela Merkel", "Emmanuel Macron", "Viktor Orban")
SELF_QUOTES: tuple[tuple[str, StanceLabel], ...] = (
    ("I will fight every single day for the people of this country.", "favor"),
    ("I have the experience and the plan to get this done.", "favor"),
    ("My record speaks for itself, and I am proud of it.", "favor"),
    ("These attacks on me are lies, and voters can see through them.", "favor"),
    ("I am the best candidate for this job, and I intend to win.", "favor"),
)
INVARIANCE_NAMES = ("the tax cut", "the pension reform", "the smoking ban", "the new airport runway",
                    "the offshore gas ban", "the peace talks")


@dataclass(frozen=True, slots=True)
class Case:
    capability: str
    quote: str
    target: str
    expected: StanceLabel | None  # None: an invariance case, judged against its group
    speaker: str | None = None
    context: str | None = None
    group: str | None = None


def _fill(template: str, target: str) -> str:
    return template.replace("{t}", target).replace("{T}", target[0].upper() + target[1:])


def cases() -> list[Case]:
    """Every case of the suite, grouped by capability."""
    out: list[Case] = []
    for target in TARGETS:
        out += [Case("explicit support", _fill(t, target), target, "favor") for t in SUPPORT]
        out += [Case("explicit opposition", _fill(t, target), target, "against") for t in OPPOSE]
        out += [Case("negation", _fill(t, target), target, label) for t, label in NEGATION]
        out += [Case("hedges and conditionals", _fill(t, target), target, label) for t, label in HEDGE]
        out += [Case("sarcasm", _fill(t, target), target, label) for t, label in SARCASM]
        out += [Case("off-topic", sentence, target, "neutral") for sentence in OFF_TOPIC]
    for target, paraphrase, context in PARAPHRASES:
        for template, label in PARAPHRASE_TEMPLATES:
            quote = template.replace("{p}", paraphrase).replace("{P}", paraphrase[0].upper() + paraphrase[1:])
            out.append(Case("target paraphrased or by pronoun", quote, target, label, context=f"{context} “{quote}”"))
    for speaker in SELF_SPEAKERS:
        out += [Case("speaker is the target", quote, speaker, label, speaker=speaker) for quote, label in SELF_QUOTES]
    for index, template in enumerate(SUPPORT[:5] + OPPOSE[:5]):
        out += [Case("name invariance", _fill(template, name), name, None, group=f"invariance-{index}")
                for name in INVARIANCE_NAMES]
    return out


def run(classifier: object, suite: Sequence[Case] | None = None) -> dict[str, tuple[int, int]]:
    """(passed, total) per capability; an invariance group passes when all its
    members get one label, and counts once per member."""
    suite = list(cases() if suite is None else suite)
    predicted: list[str] = []
    for case in suite:  # one call per case keeps per-case speakers and contexts simple
        quote = Quote("direct", 0, len(case.quote), case.quote, speaker=case.speaker) if case.speaker else case.quote
        contexts = [case.context] if case.context else None
        predicted.append(classifier.predict([quote], case.target, contexts)[0].label)  # type: ignore[attr-defined]
    groups: dict[str, set[str]] = defaultdict(set)
    for case, label in zip(suite, predicted):
        if case.group:
            groups[case.group].add(label)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case, label in zip(suite, predicted):
        ok = len(groups[case.group]) == 1 if case.group else label == case.expected
        tally[case.capability][0] += int(ok)
        tally[case.capability][1] += 1
    return {name: (passed, total) for name, (passed, total) in tally.items()}


def format_report(report: dict[str, tuple[int, int]]) -> str:
    lines = [f"{'capability':34} {'pass':>6} {'cases':>6}"]
    for name, (passed, total) in report.items():
        lines.append(f"{name:34} {passed / total:6.1%} {total:6d}")
    passed = sum(p for p, _ in report.values())
    total = sum(t for _, t in report.values())
    lines.append(f"{'all':34} {passed / total:6.1%} {total:6d}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m quotestance.evaluate.behaviour", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None, help="a local model folder (default: the shipped model)")
    args = parser.parse_args(argv)
    from ..stance.classifiers import TransformerStance

    print(format_report(run(TransformerStance(args.model))))


if __name__ == "__main__":
    main()
