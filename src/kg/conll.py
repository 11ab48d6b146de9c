"""CoNLL files: sentences of ``token COLUMN...`` lines separated by blank lines, read and written."""
from __future__ import annotations

import re
from pathlib import Path

_COLUMNS = re.compile(r"[\t ]+")


class ConllError(ValueError):
    """A CoNLL file that cannot be read; the message names the file and the fix."""


def read_conll(path: Path | str) -> list[list[list[str]]]:
    """The sentences of a CoNLL file, each a list of rows, each row the line's columns.

    Columns are separated by tabs or spaces; a blank line ends a sentence.
    Raises ``ConllError`` for a missing, unreadable, non-UTF-8 or empty file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConllError(f"{path}: no such file; give the path of a CoNLL file") from None
    except IsADirectoryError:
        raise ConllError(f"{path}: is a folder; give the path of a CoNLL file") from None
    except OSError as exc:
        raise ConllError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConllError(f"{path}: not UTF-8 (byte {exc.start}); convert it, e.g. iconv -f cp1256 -t utf-8") from None
    sentences: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in text.splitlines():
        columns = _COLUMNS.split(line.strip())
        if columns == [""]:
            if current:
                sentences.append(current)
                current = []
            continue
        current.append(columns)
    if current:
        sentences.append(current)
    if not sentences:
        raise ConllError(f"{path}: empty; a CoNLL file has one token a line, a blank line between sentences")
    return sentences


def read_conll_tokens(path: Path | str) -> list[list[str]]:
    """The tokens (first column) of each sentence of a CoNLL file; other columns are ignored."""
    return [[row[0] for row in sentence] for sentence in read_conll(path)]


def format_conll(sentences: list[list[str]], labels: list[list[str]]) -> str:
    """``token<TAB>label`` lines, a blank line after each sentence."""
    if len(sentences) != len(labels):
        raise ValueError(f"{len(sentences)} sentences but {len(labels)} label sequences")
    blocks = []
    for tokens, tags in zip(sentences, labels):
        if len(tokens) != len(tags):
            raise ValueError(f"a sentence of {len(tokens)} tokens got {len(tags)} labels")
        blocks.append("".join(f"{token}\t{tag}\n" for token, tag in zip(tokens, tags)))
    return "\n".join(blocks)


def tag_conll(path: Path | str, recognizer) -> str:
    """The tokens of a CoNLL file with the recogniser's labels, as ``token<TAB>label`` lines.

    ``recognizer`` is a ``kg.extract.learned_ner.LearnedRecognizer`` (anything with its ``tag``)."""
    sentences = read_conll_tokens(path)
    return format_conll(sentences, recognizer.tag(sentences))
