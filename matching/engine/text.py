"""Tokenising and stemming English and Ukrainian text into comparable terms."""

from __future__ import annotations

import functools
import re

import Stemmer

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*", re.UNICODE)
# Words joined by hyphens (ADS-B, F-35, non-destructive, дрони-перехоплювачі); the last three
# are the non-breaking and other Unicode hyphens.
HYPHENS = "-\u2010\u2011"
_COMPOUND = re.compile(rf"(?<![^\W_])[^\W_]++(?:[{HYPHENS}][^\W_]++)+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

ENGLISH_STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either etc few for
    from further had has have having he her here hers herself him himself his how however i if in
    into is it its itself just may me might more most must my myself no nor not now of off on once
    only or other our ours ourselves out over own per same shall she should so some such than that
    the their theirs them themselves then there these they this those through thus to too under
    until up upon us very via was we were what when where which while who whom why will with within
    without would yet you your yours yourself yourselves""".split()
)

UKRAINIAN_STOP_WORDS = frozenset(
    """а аби або адже але ба без би бо був була були було бути в вам вас ви від він вона вони воно
    все всі вся для до є же з за зі і із її їх й к коли крім лише між ми мій на навіть над нам нас
    наш не неї нема немає нею ні ним них ну о об от під по при про саме свій се сих собі та так
    також там те теж ти то тобто того тож той тому тут у уже хоча це цей ці цим цих цього цю ця
    чи чим чого що щоб щодо як яка які який яких якщо якої якого""".split()
)

# Longest first, so that a longer ending is removed before one of its tails.
_UKRAINIAN_SUFFIXES = tuple(
    sorted(
        set(
            """ами ями ові еві ого ому ими іми ій ою ею ах ях ів їв ом ем ям ий ої их іх ім ти
            ть те ся сь ння ню ні ня а я о е у ю і ї и ь""".split()
        ),
        key=lambda suffix: (-len(suffix), suffix),
    )
)
_MIN_UKRAINIAN_STEM = 3

_english_stemmer = Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lower-cased words of a text, apostrophes inside words kept."""
    return _WORD.findall(text.lower().replace("’", "'").replace("ʼ", "'"))


def compounds(text: str) -> list[str]:
    """Hyphenated compounds of a text, lower-cased, with plain hyphens: each is also a term of
    its own beside its parts. Codes (ADS-B, F-35, MQ-9) are named by parts too short or numeric
    to count alone, and a compound matches its spelling without the hyphen (non-destructive,
    nondestructive), since the stem of a compound leaves its hyphens out."""
    found = [re.sub(f"[{HYPHENS}]", "-", match) for match in _COMPOUND.findall(text.lower())]
    return [word for word in found if len(joined := word.replace("-", "")) > 2 and not joined.isdigit()]


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))


STOP_WORDS = ENGLISH_STOP_WORDS | UKRAINIAN_STOP_WORDS


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one lower-cased word (or hyphenated compound, its hyphens left out), English
    by Snowball, Ukrainian by ending removal."""
    word = word.replace("-", "")
    if is_cyrillic(word):
        return _ukrainian_stem(word)
    return _english_stemmer.stemWord(word)


def _ukrainian_stem(word: str) -> str:
    # Two rounds cover a reflexive ending after an inflection (e.g. "-ться").
    for _ in range(2):
        for suffix in _UKRAINIAN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_UKRAINIAN_STEM:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def content_words(text: str) -> list[str]:
    """The words of a text that carry meaning, in order."""
    return [w for w in words(text) if len(w) > 1 and w not in STOP_WORDS and not w.isdigit()]


def stems(text: str) -> list[str]:
    """Stems of the content words of a text, in order."""
    return [stem(word) for word in content_words(text)]
