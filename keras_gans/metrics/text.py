"""BLEU and self-BLEU as the text-GAN literature computes them (via NLTK).

SeqGAN, LeakGAN, RankGAN and the Texygen benchmark report the mean over
generated sentences of NLTK's *sentence* BLEU of each sentence against the
whole reference corpus, with uniform weights over 1..n-grams and NLTK's
smoothing method 1. NLTK's BLEU has changed between releases, so the
project pins NLTK (3.9.2) and these functions call it rather than
re-implementing BLEU.
"""

from keras_gans.metrics._checks import check_int


def _check_corpus(name, corpus, min_sentences=1):
    if isinstance(corpus, str) or not hasattr(corpus, "__len__"):
        raise ValueError(
            f"`{name}` must be a list of token lists. Received: {name} of type "
            f"{type(corpus).__name__}"
        )
    corpus = list(corpus)
    if len(corpus) < min_sentences:
        raise ValueError(
            f"`{name}` must hold at least {min_sentences} sentence(s). Received "
            f"{len(corpus)}"
        )
    for i, sentence in enumerate(corpus):
        if isinstance(sentence, str) or not isinstance(sentence, (list, tuple)):
            raise ValueError(
                f"`{name}` must be a list of token lists (split sentences into "
                f"tokens first). Received: {name}[{i}]={sentence!r}"
            )
    return [list(sentence) for sentence in corpus]


def _sentence_bleu():
    from nltk.translate.bleu_score import SmoothingFunction
    from nltk.translate.bleu_score import sentence_bleu

    return sentence_bleu, SmoothingFunction().method1


def bleu(references, hypotheses, n=4):
    """BLEU-n of generated sentences against a reference corpus (Texygen).

    The mean over `hypotheses` of `nltk.translate.bleu_score.sentence_bleu(
    references, hypothesis, weights=(1/n,) * n,
    smoothing_function=SmoothingFunction().method1)`: every reference
    sentence is a reference of every hypothesis.

    Args:
        references: a non-empty list of token lists (the real corpus).
        hypotheses: a non-empty list of token lists (the generated corpus).
        n: the largest n-gram order (BLEU-2 ... BLEU-5 in the papers).

    Returns:
        A Python float in `[0, 1]`.

    Example:

    ```python
    from keras_gans import metrics

    references = [["the", "cat", "sat", "on", "the", "mat"]]
    hypotheses = [["the", "cat", "sat", "on", "a", "mat"]]
    metrics.bleu(references, hypotheses, n=2)  # 0.7071...
    ```

    Reference:
        [Papineni et al., 2002. BLEU](https://aclanthology.org/P02-1040/);
        [Zhu et al., 2018. Texygen](https://arxiv.org/abs/1802.01886).
    """
    references = _check_corpus("references", references)
    hypotheses = _check_corpus("hypotheses", hypotheses)
    n = check_int("n", n)
    sentence_bleu, smoothing = _sentence_bleu()
    weights = (1.0 / n,) * n
    scores = [
        sentence_bleu(references, h, weights=weights, smoothing_function=smoothing)
        for h in hypotheses
    ]
    return float(sum(scores) / len(scores))


def self_bleu(hypotheses, n=4):
    """Self-BLEU-n: each generated sentence against all the others (Texygen).

    Higher means less diverse generations. Each hypothesis is scored as in
    `bleu` with every *other* hypothesis as its references; the result is
    the mean. The cost is quadratic in the number of hypotheses (Texygen
    scores a few hundred).

    Args:
        hypotheses: a list of at least 2 token lists.
        n: the largest n-gram order.

    Returns:
        A Python float in `[0, 1]`.

    Example:

    ```python
    from keras_gans import metrics

    hypotheses = [["a", "b", "c", "d"], ["a", "b", "c", "e"], ["x", "y", "z"]]
    metrics.self_bleu(hypotheses, n=2)
    ```

    Reference:
        [Zhu et al., 2018. Texygen: A Benchmarking Platform for Text
        Generation Models](https://arxiv.org/abs/1802.01886), section 2.
    """
    hypotheses = _check_corpus("hypotheses", hypotheses, min_sentences=2)
    n = check_int("n", n)
    sentence_bleu, smoothing = _sentence_bleu()
    weights = (1.0 / n,) * n
    scores = [
        sentence_bleu(
            hypotheses[:i] + hypotheses[i + 1 :],
            h,
            weights=weights,
            smoothing_function=smoothing,
        )
        for i, h in enumerate(hypotheses)
    ]
    return float(sum(scores) / len(scores))
