"""Screening answers against the sensitive-word list before they reach the moderation queue.

Text and words are compared in one normal form: NFKC (full-width letters and digits become
ordinary ones), case folded, and without spaces, punctuation or symbols, so that "赌 博",
"赌*博" and "ＡＢＣ" are caught as "赌博" and "abc". The list is read once and kept in the cache
(`set_words` in the services drops it); each process compiles it to one pattern, longest words
first, and compiles again only when the list changes.
"""

import re
import unicodedata
from functools import lru_cache

from django.core.cache import cache

from vocweek.topics.models import SensitiveWord

WORDS_CACHE_KEY = "topics:sensitive-words"
WORDS_CACHE_SECONDS = 10 * 60
# Unicode general categories left out of the compared text: separators, punctuation, symbols,
# and control and format characters (zero-width joiners and the like).
_IGNORED_CATEGORIES = ("Z", "P", "S", "C")


def normal_form(text: str) -> str:
    """The text as it is compared with the list."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(
        character
        for character in folded
        if not unicodedata.category(character).startswith(_IGNORED_CATEGORIES)
    )


def current_words() -> tuple[str, ...]:
    """The list as stored, read through the cache."""
    words = cache.get(WORDS_CACHE_KEY)
    if words is None:
        words = tuple(SensitiveWord.objects.order_by("word").values_list("word", flat=True))
        cache.set(WORDS_CACHE_KEY, words, WORDS_CACHE_SECONDS)
    return tuple(words)


def forget_words() -> None:
    cache.delete(WORDS_CACHE_KEY)


@lru_cache(maxsize=4)
def _pattern(words: tuple[str, ...]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One alternation of the words' normal forms, longest first, and each form's word."""
    forms: dict[str, str] = {}
    for word in words:
        form = normal_form(word)
        if form:
            forms.setdefault(form, word)
    if not forms:
        return None, forms
    ordered = sorted(forms, key=lambda form: (-len(form), form))
    return re.compile("|".join(re.escape(form) for form in ordered)), forms


def matched_words(text: str, words: tuple[str, ...] | None = None) -> list[str]:
    """The listed words the text contains, each once, in the order they first appear."""
    pattern, forms = _pattern(current_words() if words is None else words)
    if pattern is None:
        return []
    found: list[str] = []
    for match in pattern.finditer(normal_form(text)):
        word = forms[match.group()]
        if word not in found:
            found.append(word)
    return found
