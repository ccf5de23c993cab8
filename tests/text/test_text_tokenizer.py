import numpy as np
import pytest
import tensorflow as tf

from keras_gans.text import TextTokenizer

POEMS = ["秦川雄帝宅，函谷壮皇居。", "塞外悲风切，交河冰已结。"]


def test_characters_round_trip_and_padding():
    tokenizer = TextTokenizer(split="character", sequence_length=14).adapt(POEMS)
    ids = tokenizer(POEMS).numpy()
    assert ids.shape == (2, 14) and ids.dtype == np.int32
    assert (ids[:, 12:] == 0).all() and (ids[:, :12] >= 2).all()
    assert tokenizer.decode(ids) == POEMS
    # Whitespace between characters is not a token.
    np.testing.assert_array_equal(tokenizer([" ".join(POEMS[0])]).numpy(), ids[:1])
    # "，" and "。" appear twice each: the most frequent tokens get ids 2 and 3.
    assert set(tokenizer.get_vocabulary()[2:4]) == {"，", "。"}
    assert tokenizer.vocabulary_size() == len(set("".join(POEMS))) + 2


def test_words_truncation_oov_and_decoding_stops_at_padding():
    tokenizer = TextTokenizer(split="whitespace", sequence_length=4)
    tokenizer.adapt(["a dog on a bed", "a cat"], max_tokens=5)
    assert tokenizer.get_vocabulary() == ["<pad>", "<unk>", "a", "bed", "cat"]
    ids = tokenizer(["a cat on a bed", "bed"]).numpy()
    np.testing.assert_array_equal(ids, [[2, 4, 1, 2], [3, 0, 0, 0]])
    assert tokenizer.decode(ids) == ["a cat <unk> a", "bed"]
    assert tokenizer.decode([[3, 0, 2, 2]]) == ["bed"]


def test_unicode_script_splits_punctuation_and_lowercase():
    tokenizer = TextTokenizer(split="unicode_script", sequence_length=6, lowercase=True)
    tokenizer.adapt(["A man rides a horse."])
    assert tokenizer.split_tokens(["A man rides."]) == [["a", "man", "rides", "."]]
    assert tokenizer.decode(tokenizer(["A horse."])) == ["a horse ."]


def test_config_round_trip_and_graph_use():
    tokenizer = TextTokenizer(split="character", sequence_length=12).adapt(POEMS)
    restored = TextTokenizer.from_config(tokenizer.get_config())
    assert restored.get_config() == tokenizer.get_config()
    np.testing.assert_array_equal(restored(POEMS).numpy(), tokenizer(POEMS).numpy())

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
    def round_trip(texts):
        return tokenizer.detokenize(tokenizer(texts))

    assert [t.decode() for t in round_trip(tf.constant(POEMS)).numpy()] == POEMS
    ragged = TextTokenizer(vocabulary=["a", "b"], split="whitespace").encode(["a b a", "b"])
    assert ragged.to_list() == [[2, 3, 2], [3]]


def test_bad_arguments():
    with pytest.raises(ValueError, match="split='bpe'"):
        TextTokenizer(split="bpe")
    with pytest.raises(ValueError, match="sequence_length=0"):
        TextTokenizer(sequence_length=0)
    with pytest.raises(ValueError, match="vocabulary"):
        TextTokenizer(sequence_length=3)(["abc"])
    with pytest.raises(ValueError, match="duplicates"):
        TextTokenizer(vocabulary=["a", "a"])
    with pytest.raises(ValueError, match="reserved"):
        TextTokenizer(vocabulary=["<pad>", "a"])
    with pytest.raises(ValueError, match="not one string"):
        TextTokenizer(sequence_length=3).adapt("abc")
    with pytest.raises(ValueError, match="sequence_length=None"):
        TextTokenizer(vocabulary=["a"])(["a"])
