"""Normalisation: what is folded, and that offsets lead back to the original text."""
import pytest

from incidents.lang import available, get_pack
from incidents.normalize import fold, normalize


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("بالمَوْصِل", "بالموصل"),  # diacritics go
        ("الأربعاء", "الاربعاء"),  # hamza forms of alef fold
        ("إصابة", "اصابه"),  # and taa marbuta becomes haa
        ("مستشفى", "مستشفي"),  # alef maqsura becomes yaa
        ("قتلـــى", "قتلي"),  # tatweel goes
        ("٦ قتلى و٣١ جريحا", "6 قتلي و 31 جريحا"),  # Arabic-Indic digits; a letter against a digit is parted
        ("وقع في12 مارس2016", "وقع في 12 مارس 2016"),
        ("۱۲۳", "123"),  # Persian digits
        ("١٬٢٠٠", "1,200"),  # Arabic thousands separator
        ("قالیباف", "قاليباف"),  # Persian yeh
        ("Baghdad’s", "Baghdad's"),
        ("2019–2020", "2019-2020"),
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_offsets_lead_back_to_the_original():
    raw = "قُتِلَ ٦ أشخاص في بالموصل"
    norm = normalize(raw)
    start = norm.text.index("6")
    assert norm.surface(start, start + 1) == "٦"
    word = norm.text.index("اشخاص")
    assert norm.surface(word, word + len("اشخاص")) == "أشخاص"
    assert norm.surface(0, len(norm.text)) == raw


def test_fold_is_idempotent():
    text = "أُصيب ٣١ مقاتلاً آخرين في هجومٍ على ثلاث حافلات"
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize("code", available())
def test_every_lexicon_entry_survives_normalisation(code):
    """Loaded data equals the data folded once more: lexicons and text agree."""
    pack = get_pack(code)
    names = [p.name[:-5] for p in pack.folder.iterdir() if p.name.endswith(".toml")]
    assert names
    for name in names:
        data = pack.data(name)
        _walk(data, f"{code}/{name}.toml")


def _walk(value, where):
    if isinstance(value, str):
        assert fold(value) == value, where
        # Presentation forms (U+FB50-FDFF, U+FE70-FEFF) never occur in typed text.
        assert not any("\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff" for ch in value), where
    elif isinstance(value, list):
        for v in value:
            _walk(v, where)
    elif isinstance(value, dict):
        for k, v in value.items():
            _walk(k, where)
            _walk(v, where)


@pytest.mark.parametrize("code", available())
@pytest.mark.parametrize("name", ["language", "segment"])
def test_pack_patterns_compile_cleanly(code, name):
    """Patterns are folded like all pack data (dashes become "-"); they must still
    compile, without the warnings a folded character class can raise."""
    import re
    import warnings

    def patterns(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            for v in value:
                yield from patterns(v)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for key, value in get_pack(code).data(name).items():
            if key in ("name", "names", "script", "script_ranges", "direction", "place_names", "abbreviations",
                       "dual_endings"):
                continue
            for pattern in patterns(value):
                re.compile(pattern)
