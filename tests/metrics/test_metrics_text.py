"""BLEU and self-BLEU against NLTK's own sentence BLEU."""

import pytest
from nltk.translate.bleu_score import SmoothingFunction
from nltk.translate.bleu_score import corpus_bleu
from nltk.translate.bleu_score import sentence_bleu

from keras_gans import metrics

# The example of NLTK's documentation (Papineni et al.'s sentences).
HYPOTHESIS = (
    "It is a guide to action which ensures that the military always obeys "
    "the commands of the party"
).split()
REFERENCES = [
    "It is a guide to action that ensures that the military will forever heed "
    "Party commands".split(),
    "It is the guiding principle which guarantees the military forces always "
    "being under the command of the Party".split(),
    "It is the practical guide for the army always to heed the directions of "
    "the party".split(),
]
CORPUS = [
    "the cat sat on the mat".split(),
    "a dog ran in the park".split(),
    "the dog sat on a log".split(),
    "birds fly over the green park".split(),
]
GENERATED = [
    "the cat ran in the park".split(),
    "a dog sat on the mat".split(),
    "green birds sat".split(),
    "mat mat mat".split(),
]


def test_bleu4_of_nltk_documentation_example():
    assert metrics.bleu(REFERENCES, [HYPOTHESIS], n=4) == pytest.approx(
        0.5045666840058485, rel=1e-12
    )


def test_bleu_is_the_mean_of_smoothed_sentence_bleu():
    smoothing = SmoothingFunction().method1
    for n in (2, 3, 4, 5):
        weights = (1 / n,) * n
        expected = sum(
            sentence_bleu(CORPUS, h, weights=weights, smoothing_function=smoothing)
            for h in GENERATED
        ) / len(GENERATED)
        got = metrics.bleu(CORPUS, GENERATED, n=n)
        assert got == pytest.approx(expected, rel=1e-12)
        # Not corpus BLEU: the literature averages sentence scores.
        assert got != pytest.approx(
            corpus_bleu([CORPUS] * len(GENERATED), GENERATED, weights=weights,
                        smoothing_function=smoothing)
        )


def test_self_bleu_scores_each_sentence_against_the_others():
    smoothing = SmoothingFunction().method1
    expected = sum(
        sentence_bleu(GENERATED[:i] + GENERATED[i + 1 :], h, weights=(1 / 3,) * 3,
                      smoothing_function=smoothing)
        for i, h in enumerate(GENERATED)
    ) / len(GENERATED)
    assert metrics.self_bleu(GENERATED, n=3) == pytest.approx(expected, rel=1e-12)
    same = [CORPUS[0]] * 3
    assert metrics.self_bleu(same, n=4) == pytest.approx(1.0)


def test_bad_corpora_are_rejected():
    with pytest.raises(ValueError, match="references"):
        metrics.bleu([], GENERATED)
    with pytest.raises(ValueError, match="token lists"):
        metrics.bleu(CORPUS, ["the cat sat"])
    with pytest.raises(ValueError, match="`n`"):
        metrics.bleu(CORPUS, GENERATED, n=0)
    with pytest.raises(ValueError, match="at least 2"):
        metrics.self_bleu(GENERATED[:1])
    with pytest.raises(ValueError, match="token lists"):
        metrics.self_bleu("the cat sat on the mat")
