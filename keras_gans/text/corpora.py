"""Offline text corpora: Chinese quatrains, COCO captions, Tang poems."""

import os
import re

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CLAUSE_END = re.compile(r"[，。？！；、,.?!;]")
TANG300_PATHS = ("/usr/share/games/fortunes/tang300",)


def _read_lines(path, name="path"):
    if path is None:
        raise ValueError(f"`{name}` is required. Received: {name}=None")
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise ValueError(f"`{name}` is not a file. Received: {name}={path!r}")
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def load_text_lines(path, limit=None):
    """The non-empty lines of a UTF-8 text file, stripped.

    Args:
        path: the file.
        limit: keep only the first `limit` lines.

    Returns:
        A list of strings.
    """
    lines = _read_lines(path)
    return lines if limit is None else lines[:limit]


def load_chinese_poems(path, limit=None):
    """The SeqGAN paper's Chinese quatrains, one string per poem.

    The corpus file (`chinese_poems.txt`, Texygen's `shi.txt`) separates
    characters by spaces; they are removed, so a poem reads as written
    (e.g. "秦川雄帝宅，函谷壮皇居。...") and `TextTokenizer(split="character")`
    splits it back into its 24 characters and punctuation marks.

    Args:
        path: the corpus file (`../shared/data/chinese_poems.txt` beside the
            checkout).
        limit: keep only the first `limit` poems.

    Returns:
        A list of strings.

    Example:

    ```python
    import keras_gans

    poems = keras_gans.text.load_chinese_poems("../shared/data/chinese_poems.txt")
    ```
    """
    poems = ["".join(line.split()) for line in _read_lines(path)]
    return poems if limit is None else poems[:limit]


def load_coco_captions(path, limit=None):
    """Image-COCO captions (Texygen's benchmark), one lower-case string each.

    Args:
        path: `coco_captions_train.txt` or `coco_captions_test.txt`.
        limit: keep only the first `limit` captions.

    Returns:
        A list of strings.
    """
    captions = [" ".join(line.lower().split()) for line in _read_lines(path)]
    return captions if limit is None else captions[:limit]


def _find_tang300(path):
    candidates = []
    if path is not None:
        path = os.fspath(path)
        if not os.path.isfile(path):
            raise ValueError(f"`path` is not a file. Received: path={path!r}")
        return path
    if os.environ.get("KERAS_GANS_DATA"):
        candidates.append(os.path.join(os.environ["KERAS_GANS_DATA"], "tang300"))
    candidates.extend(TANG300_PATHS)
    for candidate in candidates:
        if os.path.isfile(candidate):
            return candidate
    raise FileNotFoundError(
        "The Tang poems (`tang300`) were not found in "
        f"{candidates}. Install them with `sudo apt-get install fortunes-zh` "
        "(Debian/Ubuntu), or pass `path=` to a copy of the file."
    )


def load_tang_poems(path=None, clauses=None, clause_length=None, with_titles=False):
    """The 300 Tang poems of Debian's `fortunes-zh` package.

    The `tang300` fortune file holds each poem as a title line, an author
    line and the verses, between `%` lines, with terminal colour codes;
    this returns the verses of each poem joined into one string. A clause is
    the text between two punctuation marks: a five-character quatrain
    (wujue, the form of the SeqGAN corpus) has `clauses=4, clause_length=5`.

    Files are looked for at `path`, then `$KERAS_GANS_DATA/tang300`, then
    `/usr/share/games/fortunes/tang300`.

    Args:
        path: the `tang300` file, or `None` to look in the places above.
        clauses: keep only poems with this many clauses.
        clause_length: keep only poems whose clauses all have this many
            characters.
        with_titles: return `(title, author, text)` tuples instead.

    Returns:
        A list of strings (or tuples).

    Example:

    ```python
    import keras_gans

    quatrains = keras_gans.text.load_tang_poems(clauses=4, clause_length=5)
    ```
    """
    path = _find_tang300(path)
    with open(path, encoding="utf-8") as f:
        text = _ANSI.sub("", f.read())
    poems = []
    for record in re.split(r"^%\s*$", text, flags=re.MULTILINE):
        lines = [line.strip() for line in record.splitlines() if line.strip()]
        if len(lines) < 3:
            continue
        title = lines[0].strip("《》")
        author = lines[1].split("：", 1)[-1]
        body = "".join(lines[2:])
        parts = [p for p in _CLAUSE_END.split(body) if p]
        if clauses is not None and len(parts) != clauses:
            continue
        if clause_length is not None and any(len(p) != clause_length for p in parts):
            continue
        poems.append((title, author, body) if with_titles else body)
    return poems
