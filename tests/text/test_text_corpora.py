import os
import pathlib

import pytest

from keras_gans import text

SHARED = pathlib.Path(
    os.environ.get(
        "KERAS_GANS_SHARED_DATA",
        pathlib.Path(__file__).resolve().parents[3] / "shared" / "data",
    )
)
TANG300 = pathlib.Path("/usr/share/games/fortunes/tang300")

FORTUNE = (
    "\x1b[32m《送别》\x1b[m\n\x1b[33m作者：王维\x1b[m\n下马饮君酒，问君何所之。\n"
    "君言不得意，归卧南山陲。\n但去莫复问，白云无尽时。\n%\n"
    "\x1b[32m《鹿柴》\x1b[m\n\x1b[33m作者：王维\x1b[m\n空山不见人，但闻人语响。\n"
    "返景入深林，复照青苔上。\n%\n"
    "\x1b[32m《登鹳雀楼》\x1b[m\n\x1b[33m作者：王之涣\x1b[m\n白日依山尽，黄河入海流。\n"
    "欲穷千里目，更上一层楼。\n"
)


def test_tang_poems_from_a_fortune_file(tmp_path):
    path = tmp_path / "tang300"
    path.write_text(FORTUNE, encoding="utf-8")
    poems = text.load_tang_poems(path)
    assert len(poems) == 3 and poems[1] == "空山不见人，但闻人语响。返景入深林，复照青苔上。"
    quatrains = text.load_tang_poems(path, clauses=4, clause_length=5, with_titles=True)
    assert [(t, a) for t, a, _ in quatrains] == [("鹿柴", "王维"), ("登鹳雀楼", "王之涣")]


def test_tang_poems_missing_file_says_how_to_get_it(monkeypatch):
    monkeypatch.setattr(text.corpora, "TANG300_PATHS", ("/nonexistent/tang300",))
    monkeypatch.delenv("KERAS_GANS_DATA", raising=False)
    with pytest.raises(FileNotFoundError, match="apt-get install fortunes-zh"):
        text.load_tang_poems()
    with pytest.raises(ValueError, match="path="):
        text.load_tang_poems("/nonexistent/file")


@pytest.mark.skipif(not TANG300.is_file(), reason="fortunes-zh is not installed")
def test_installed_tang300():
    quatrains = text.load_tang_poems(clauses=4, clause_length=5)
    assert len(quatrains) > 20 and all(len(p) == 24 for p in quatrains)


@pytest.mark.skipif(not (SHARED / "chinese_poems.txt").is_file(), reason="no shared data")
def test_shared_corpora():
    poems = text.load_chinese_poems(SHARED / "chinese_poems.txt", limit=50)
    assert len(poems) == 50 and all(len(p) == 24 and " " not in p for p in poems)
    captions = text.load_coco_captions(SHARED / "coco_captions_test.txt", limit=5)
    assert len(captions) == 5 and all(c == c.lower() for c in captions)


def test_text_lines(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("one\n\n two \nthree\n", encoding="utf-8")
    assert text.load_text_lines(path) == ["one", "two", "three"]
    assert text.load_text_lines(path, limit=1) == ["one"]
    with pytest.raises(ValueError, match="path="):
        text.load_coco_captions(tmp_path / "missing.txt")
