"""Tokenising and stemming English and Ukrainian text into comparable terms."""

from __future__ import annotations

import functools
import re

import Stemmer

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*", re.UNICODE)
# Words joined by hyphens (ADS-B, F-35, non-destructive, дрони-перехоплювачі); the last three
# are the non-breaking and other Unicode hyphens.
HYPHENS = "-\u2010\u2011"
COMPOUND = re.compile(rf"(?<![^\W_])[^\W_]++(?:[{HYPHENS}][^\W_]++)+", re.UNICODE)
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

# Function words: prepositions, conjunctions, particles, the forms of pronouns and of "to be",
# and the few nouns that only ever serve in set phrases ("у разі" = in case of).
UKRAINIAN_STOP_WORDS = frozenset(
    """а аби або адже аж але ані ба без би біля бо для проти був була були було буде будуть бути в вам вами
    вас ваш ваша ваше ваші вже ви від він вона вони воно все всі всіх всім всіма всього всієї
    всьому всій всю вся де до довкола доки є ж же з за завдяки задля замість заради зі згідно із
    її їй їм їх їхній їхня їхнє їхні й к коли котра котре котрий котрі крім крізь кожен кожна
    кожне кожний кожного кожної кожному кожній кожну кожним кожні лише лиш між ми мій мене мені
    мною моя моє мої на навіть над нам нами нас наш наша наше наші нашого нашої нашому нашим
    наших не неї нема немає нею ні ній ніж ним ними них нього ньому ну о об однак оскільки от
    отже перед під по поза поки поміж понад попри поряд поруч після при причому про проте
    протягом разі саме свій своє свої своєї свого своєму своїй своїм своїми своїх свою
    своя се себе серед сих собі собою та так також таке такий така такі такого такої такому
    такій таку таким таких там те теж ти ті тим тими тих тієї тій тобто того тож той тому тощо
    ту тут у уже усе усі усіх уся увесь хоч хоча хто це цей ці цим цими цих цього цьому цієї
    цій цю ця чи чий чия чиє чиї чим чого чому що щоб щодо як яка яке які який яким якими яких
    якій якого якої якому яку якщо""".split()
)

# Words that carry meaning in a sentence but say nothing of what a request and an offer share:
# adverbs of time, place and manner, and nouns any description uses (system, solution, work).
# Explanations leave them out; scoring reads them as any other word. English ones are matched in
# any form (by stem), Ukrainian ones as listed.
VAGUE_WORDS = frozenset(
    """ability able approach based capability capable day designed easy fast including kind need
    new one operation product provide quick ready require required requirement solution system type
    unit use way work
    більш більше буд будь вдень ввечері взимку влітку вночі вранці вже досить дуже завжди зараз
    засоби засобів засобу засіб звичайно можливість можливості можливостей можна необхідно
    необхідні необхідний необхідна потрібен потрібна потрібне потрібні потрібно потреба потреби
    рішення рішень робота роботи роботу роботою роботі система системи систему системою системі
    систем системах системам сьогодні треба швидко""".split()
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
    found = [re.sub(f"[{HYPHENS}]", "-", match) for match in COMPOUND.findall(text.lower())]
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


VAGUE_ENGLISH_STEMS = frozenset(stem(word) for word in VAGUE_WORDS if not is_cyrillic(word))
