"""Short stop-word lists for the languages support comments most often come in.

Only the words that would otherwise top every theme list; kept small on purpose.
"""

from __future__ import annotations

_BY_LANGUAGE = {
    "en": "a an and are as at be been but by can could did do does for from had has have he"
    " her his i if in into is it its just me my no not of on or our so than that the their"
    " them then there they this to too us very was we were what when which who will with"
    " would you your im ive dont didnt also get got one all any some more"
    " out up about over found",
    "sv": "och att det som en ett är på för med har inte av till den jag men om var så vi ni"
    " de kan ska mig min mitt er era hade när också bara",
    "es": "el la los las de del y que en un una es por con para no se lo al muy me mi su pero",
    "de": "der die das und ist nicht ein eine zu mit auf für ich es sie wir sehr war",
    "fr": "le les des et est pas un une du en pour que qui je il elle nous très avec sur",
    "az": "və bu bir çox üçün ilə da də ki idi heç",
    "tr": "ne ve bir çok için ile",
}

CJK_STOP_CHARS: frozenset[str] = frozenset(
    "的了也是都很在和就还又吗呢吧啊我你他她它们这那个"  # Chinese
    "のはがをにでとももたてしかなねよ"  # Japanese particles and endings
)
"""Characters that join words rather than make them: a two-character term holding one
straddles two words ("客服也不好" gives 服也 and 也不), so it is not a theme."""

STOPWORDS: frozenset[str] = frozenset(
    word for words in _BY_LANGUAGE.values() for word in words.split()
)
"""Every stop word, all languages together (comments mix languages)."""
