"""Registration numbers folded to one key, so that the same company cannot register twice by typing its
number another way. Pure functions: no Django, no database.

`normalise(country, number)` folds, in this order:

1. **Unicode compatibility** (NFKC): full-width digits and letters (`１２３`, `ＨＲＢ`), ligatures and
   other compatibility forms become their plain letters.
2. **Separators dropped**: every whitespace and space separator (category Z*, including no-break and
   thin spaces), every invisible format character (category Cf: zero-width space U+200B, zero-width
   (non-)joiners, word joiner, byte-order mark, soft hyphen), every dash (category Pd, and the minus sign
   U+2212), dots (`.`, middle dot `·`, bullet `•`) and slashes (`/`, `\\`, fraction and division slashes).
3. **Case**: upper case.
4. **Look-alike letters**: Cyrillic and Greek capitals (and, through step 3, small letters) that are drawn
   like Latin ones become those Latin letters — Cyrillic А В Е К М Н О Р С Т Х І Ј Ѕ and Greek
   Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ. Digits and letters that merely resemble digits (O and 0, I and 1) are
   *not* folded: some registers use both.
5. **The country's register**, where its format is well known:
   - AT (Firmenbuch): the label `FN` before the number is dropped — `FN 123456 a` = `123456a`.
   - BE (Crossroads Bank for Enterprises): the old nine-digit form gains its leading zero —
     `123.456.789` = `0123.456.789`.
   - DE (Handelsregister): nothing beyond steps 1–4, which already make `HRB 123456` = `HRB123456`;
     the section (HRA, HRB, GnR, PR, VR) stays, since HRA 1 and HRB 1 are different companies.
     A German number is unique only per register court, so a true clash between courts goes to the
     office (the applicant's message says so).
   - FR (SIRENE): the label `RCS` and the registry town before a SIREN are dropped
     (`RCS Paris 123 456 789` = `123456789`), and a SIRET (14 digits: SIREN + establishment) is cut to
     its SIREN, since both name the same company.
   - NL (KvK): the label `KvK` is dropped — `KvK 12345678` = `12345678`.
   - PL (KRS): the label `KRS` is dropped — `KRS 0000123456` = `0000123456`.
   - UA (ЄДРПОУ): the label `ЄДРПОУ` / `EDRPOU` is dropped — `ЄДРПОУ 12345678` = `12345678`.

   A country prefix that is part of a VAT-style number (`DE123456789`, `BE0123456789`) is kept as
   typed: `DE123456789` and `123456789` stay different keys.

Genuinely different numbers stay different: only separators, case, look-alike letters and the labels
above are folded, never a digit or a Latin letter.
"""

import re
import unicodedata

# Cyrillic and Greek letters drawn like Latin capitals (small forms are upper-cased first).
LOOK_ALIKES = {
    # Cyrillic
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "І": "I",
    "Ј": "J",
    "Ѕ": "S",
    "а": "A",
    "в": "B",
    "е": "E",
    "к": "K",
    "м": "M",
    "н": "H",
    "о": "O",
    "р": "P",
    "с": "C",
    "т": "T",
    "х": "X",
    "і": "I",
    "ј": "J",
    "ѕ": "S",
    # Greek
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
}
_LOOK_ALIKE_TABLE = str.maketrans(LOOK_ALIKES)

# Dropped besides whitespace, Z* and Cf: dashes are category Pd; these are the rest.
_DROPPED = frozenset(".·•‧/\\⁄∕−")


def _is_separator(character: str) -> bool:
    category = unicodedata.category(character)
    return character.isspace() or category.startswith("Z") or category in ("Cf", "Cc", "Pd") or character in _DROPPED


def fold(number: str) -> str:
    """Steps 1–4 of `normalise`: the same for every country."""
    text = unicodedata.normalize("NFKC", number or "")
    text = "".join(character for character in text if not _is_separator(character))
    return text.upper().translate(_LOOK_ALIKE_TABLE)


_EDRPOU_LABEL = re.compile("^(?:" + fold("ЄДРПОУ") + "|EDRPOU|USREOU)(?=\\d)")
_COUNTRY_RULES = {
    "AT": [(re.compile(r"^FN(?=\d)"), "")],
    "FR": [(re.compile(r"^RCS[A-Z]*(?=\d{9}$)"), ""), (re.compile(r"^(\d{9})\d{5}$"), r"\1")],
    "NL": [(re.compile(r"^KVK(?=\d)"), "")],
    "PL": [(re.compile(r"^KRS(?=\d)"), "")],
    "UA": [(_EDRPOU_LABEL, "")],
    "BE": [(re.compile(r"^(\d{9})$"), r"0\1")],
}


def normalise(country: str, number: str) -> str:
    """The key under which `number`, registered in `country` (ISO 3166 alpha-2), is unique: see the
    module's description for what is folded. An empty or invisible-only number gives ""."""
    key = fold(number)
    for pattern, replacement in _COUNTRY_RULES.get((country or "").upper(), ()):
        key = pattern.sub(replacement, key)
    return key
