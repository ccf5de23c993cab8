"""Text for sequence GANs: in-graph tokenization and offline corpora.

- `TextTokenizer`: TensorFlow Text splitting (characters, whitespace words,
  Unicode-script words) plus a Keras `StringLookup` vocabulary; strings to
  padded ids and back inside the graph.
- `CharCNNRNN`: Reed et al.'s character-level text encoder on raw strings,
  and `JointEmbedding`, its structured joint embedding pre-training with an
  image encoder (`image_encoder`).
- Loaders that take a corpus path: `load_chinese_poems`,
  `load_coco_captions`, `load_text_lines`, and `load_tang_poems` for
  Debian's `fortunes-zh`.
"""

from keras_gans.text.char_cnn_rnn import CharCNNRNN
from keras_gans.text.char_cnn_rnn import char_ids
from keras_gans.text.corpora import load_chinese_poems
from keras_gans.text.corpora import load_coco_captions
from keras_gans.text.corpora import load_tang_poems
from keras_gans.text.corpora import load_text_lines
from keras_gans.text.joint_embedding import JointEmbedding
from keras_gans.text.joint_embedding import image_encoder
from keras_gans.text.joint_embedding import structured_loss
from keras_gans.text.tokenizer import TextTokenizer

__all__ = [
    "CharCNNRNN",
    "JointEmbedding",
    "TextTokenizer",
    "char_ids",
    "image_encoder",
    "load_chinese_poems",
    "load_coco_captions",
    "load_tang_poems",
    "load_text_lines",
    "structured_loss",
]
