"""Text for sequence GANs: in-graph tokenization and offline corpora.

- `TextTokenizer`: TensorFlow Text splitting (characters, whitespace words,
  Unicode-script words) plus a Keras `StringLookup` vocabulary; strings to
  padded ids and back inside the graph.
- Loaders that take a corpus path: `load_chinese_poems`,
  `load_coco_captions`, `load_text_lines`, and `load_tang_poems` for
  Debian's `fortunes-zh`.
"""

from keras_gans.text.corpora import load_chinese_poems
from keras_gans.text.corpora import load_coco_captions
from keras_gans.text.corpora import load_tang_poems
from keras_gans.text.corpora import load_text_lines
from keras_gans.text.tokenizer import TextTokenizer

__all__ = [
    "TextTokenizer",
    "load_chinese_poems",
    "load_coco_captions",
    "load_tang_poems",
    "load_text_lines",
]
