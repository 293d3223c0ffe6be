"""A passport page (Document) -> passport fields: the MRZ for identity, number and dates (checked
by its check digits), the visual zone for what only it prints (issue date, place of birth,
authority) and, where it prints the same value, for the box.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ..box import Box, union_all
from ..document import Document, Page
from .found import Found, word_boxes
from .mrz import Mrz, find_mrz, page_rows

# passport model field -> MRZ field
MRZ_FIELDS = {
    "document_type": "document_type",
    "issuing_country": "issuing_country",
    "passport_number": "document_number",
    "surname": "surname",
    "given_names": "given_names",
    "nationality": "nationality",
    "date_of_birth": "birth_date",
    "sex": "sex",
    "expiration_date": "expiry_date",
    "personal_number": "personal_number",
}
VIZ_TEXT = ("surname", "given_names", "document_number")  # boxed on the visual zone when printed there
VIZ_DATES = ("birth_date", "expiry_date")

# field -> label forms (compared letters only, lowercase, accents removed)
LABELS = {
    "issue_date": ("date of issue", "issue date", "date of issuance", "date de delivrance", "issued on",
                   "delivree le", "delivre le", "ausstellungsdatum", "fecha de expedicion", "data di rilascio"),
    "place_of_birth": ("place of birth", "birth place", "lieu de naissance", "geburtsort", "lugar de nacimiento",
                       "luogo di nascita"),
    "issuing_authority": ("issuing authority", "authority", "autorite", "issuing office", "behorde"),
    "sex": ("sex", "sexe", "geschlecht", "sexo", "sesso"),
    "surname": ("surname", "nom", "family name", "name", "apellidos", "cognome", "nachname"),
    "given_names": ("given names", "prenoms", "prenom", "vorname", "vornamen", "nombre", "nome", "forenames"),
    "date_of_birth": ("date of birth", "birth date", "date de naissance", "date de naiss", "geburtsdatum",
                      "fecha de nacimiento", "data di nascita"),
    "expiration_date": ("date of expiry", "expiry date", "date dexpiration", "date dexpir", "valable jusquau",
                        "gultig bis", "fecha de caducidad", "data di scadenza", "date of expiration"),
    "place_of_issue": ("place of issue",),
    "endorsements": ("endorsements",),
    "nationality": ("nationality", "nationalite", "staatsangehorigkeit", "nacionalidad", "cittadinanza"),
}
LABEL_CONF = 0.7  # a value read under/after its printed label
GUESS_CONF = 0.4  # the issue date guessed as the visual zone's remaining date

MONTHS = {
    "JAN": 1, "FEB": 2, "FEV": 2, "MAR": 3, "MRZ": 3, "APR": 4, "AVR": 4, "ABR": 4, "MAY": 5, "MAI": 5,
    "JUN": 6, "JUIN": 6, "JUL": 7, "JUIL": 7, "AUG": 8, "AOU": 8, "AGO": 8, "SEP": 9, "OCT": 10, "OKT": 10,
    "NOV": 11, "DEC": 12, "DEZ": 12, "DIC": 12,
}
NAMED_DATE = re.compile(r"(\d{1,2}) ?([A-Z]{3,9})\.?(?: ?/ ?[A-Z]{3,9}\.?)? ?(\d{4}|\d{2})")
NUMERIC_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
SPACED_DATE = re.compile(r"(\d{2}) (\d{2}) ?(\d{4})|(\d{2}) ?(\d{2}) (\d{4})")  # '13 07 1990', '13 071990'

COUNTRY_NAMES = {"USA": "UNITED STATES OF AMERICA"}


def extract_passport(doc: Document, today: dt.date | None = None) -> dict[str, Found]:
    """A passport data page -> `document.passport` fields (ISO dates, str); fields not found are left out."""
    return read_passport(doc, today or dt.date.today())[0]


def read_passport(doc: Document, today: dt.date) -> tuple[dict[str, Found], set]:
    """A passport data page -> (`document.passport` fields, the MRZ's words)."""
    mrz = find_mrz(doc, today)
    skip = mrz_words(mrz)
    out: dict[str, Found] = {}
    if mrz is not None:
        for name, key in MRZ_FIELDS.items():
            found = mrz_found(doc, mrz, key, skip)
            if found is not None:
                out[name] = found
        for i, line in enumerate(mrz.lines[:2]):
            out[f"mrz_line{i + 1}"] = Found(line, mrz.boxes(doc, f"line{i + 1}"), line_confidence(mrz, i))
    for name in ("issue_date", "place_of_birth", "issuing_authority"):
        found = labelled(doc, name, skip, today)
        if found is not None:
            out[name] = found
    if "issue_date" not in out:
        guess = remaining_date(doc, out, skip, today)
        if guess is not None:
            out["issue_date"] = guess
    return out, skip


def extract_us_passport(doc: Document, today: dt.date | None = None) -> dict[str, Found]:
    """A US passport data page -> `document.us-passport` fields."""
    today = today or dt.date.today()
    found, skip = read_passport(doc, today)
    rename = {"passport_number": "document_id", "surname": "family_name", "issuing_authority": "authority"}
    keep = ("document_type", "issuing_country", "given_names", "date_of_birth", "place_of_birth", "sex",
            "issue_date", "expiration_date")
    out = {rename.get(k, k): v for k, v in found.items() if k in rename or k in keep}
    printed = labelled(doc, "nationality", skip, today)
    if printed is not None:
        out["nationality"] = printed
    elif "nationality" in found:
        code = found["nationality"]
        out["nationality"] = Found(COUNTRY_NAMES.get(code.value, code.value), code.boxes, code.confidence)
    for name in ("place_of_issue", "endorsements"):
        value = labelled(doc, name, skip, today)
        if value is not None:
            out[name] = value
    lines = [found[k] for k in ("mrz_line1", "mrz_line2") if k in found]
    if lines:
        out["mrz_code"] = Found("\n".join(f.value for f in lines), [b for f in lines for b in f.boxes],
                                min(f.confidence for f in lines))
    return out


# -- MRZ fields -----------------------------------------------------------------------------------


def mrz_found(doc: Document, mrz: Mrz, key: str, skip: set) -> Found | None:
    """An MRZ field -> Found, boxed on the visual zone where the same value is printed there."""
    f = mrz.fields.get(key)
    if f is None or f.value is None:
        return None
    boxes = []
    if key in VIZ_TEXT:
        boxes = viz_text_boxes(doc, f.value, skip)
    elif key in VIZ_DATES:
        boxes = viz_date_boxes(doc, f.value, skip)
    return Found(f.value, boxes or mrz.boxes(doc, key), field_confidence(mrz, key))


def field_confidence(mrz: Mrz, key: str) -> float:
    """0.95: own check digit and composite pass; 0.8: own passes, composite fails; 0.5: own
    fails; fields without a check digit 0.7 when the composite passes, else 0.5."""
    check = mrz.fields[key].check
    composite = mrz.checks.get("composite", False)
    if check is False:
        return 0.5
    if check is True:
        return 0.95 if composite else 0.8
    return 0.7 if composite else 0.5


def line_confidence(mrz: Mrz, index: int) -> float:
    """An MRZ line holding check digits: 0.95 when every check passes, else 0.5; a line of
    names only: 0.7 when the composite passes, else 0.5."""
    has_checks = not (mrz.format in ("TD3", "TD2") and index == 0)
    if has_checks:
        return 0.95 if mrz.valid else 0.5
    return 0.7 if mrz.checks.get("composite") else 0.5


def mrz_words(mrz: Mrz | None) -> set[tuple[int, int]]:
    """(page position, word id) of every word the MRZ was read from."""
    if mrz is None:
        return set()
    return {(w.page, i) for w in mrz.line_where if w is not None for i in w.words}


# -- the visual zone ------------------------------------------------------------------------------


def viz_rows(doc: Document, skip: set) -> list[tuple[int, Page, list[int]]]:
    """(page position, page, word ids) of every printed row, MRZ words and text set sideways
    left out."""
    out = []
    for pos, page in enumerate(doc.pages):
        for row in page_rows(page):
            words = [i for i in row.words if (pos, i) not in skip] if row.flat else []
            if words:
                out.append((pos, page, words))
    return out


def runs(page: Page, words: list[int], longest: int = 6):
    """Runs of up to `longest` consecutive words of a row: (start, end, text joined by spaces)."""
    for a in range(len(words)):
        for b in range(a + 1, min(a + longest, len(words)) + 1):
            yield a, b, " ".join(page.words[i].text for i in words[a:b])


def compact_upper(text: str) -> str:
    """Letters and digits only, uppercase, accents removed: 'Pudarsan-Smith' -> 'PUDARSANSMITH'."""
    return "".join(c for c in fold(text).upper() if c.isalnum())


def fold(text: str) -> str:
    """Accents removed: 'Autorité' -> 'Autorite'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def viz_text_boxes(doc: Document, value: str, skip: set) -> list:
    """Boxes of the first visual-zone word run that reads exactly `value` (letters and digits)."""
    target = compact_upper(value)
    for pos, page, words in viz_rows(doc, skip):
        for a, b, text in runs(page, words, 4):
            if compact_upper(text) == target:
                return word_boxes(page, words[a:b])
    return []


def viz_dates(doc: Document, skip: set) -> list[tuple[tuple[int, int, int], list]]:
    """Every date printed on the visual zone: ((year, month, day), boxes); a two-digit year is
    kept as printed (< 100)."""
    out = []
    for pos, page, words in viz_rows(doc, skip):
        a = 0
        while a < len(words):
            hit = None
            for b in range(min(a + 5, len(words)), a, -1):
                ymd = parse_date(" ".join(page.words[i].text for i in words[a:b]))
                if ymd:
                    hit = (ymd, b)
                    break
            if hit:
                out.append((hit[0], word_boxes(page, words[a:hit[1]])))
                a = hit[1]
            else:
                a += 1
    return out


def viz_date_boxes(doc: Document, iso: str, skip: set) -> list:
    """Boxes of the visual-zone date equal to ISO date `iso` (two-digit years compared as such)."""
    day = dt.date.fromisoformat(iso)
    for ymd, boxes in viz_dates(doc, skip):
        if same_day(ymd, day):
            return boxes
    return []


def same_day(ymd: tuple[int, int, int], day: dt.date) -> bool:
    y, m, d = ymd
    return (m, d) == (day.month, day.day) and (y == day.year or (y < 100 and y == day.year % 100))


def parse_date(text: str) -> tuple[int, int, int] | None:
    """A printed date -> (year, month, day), the year as printed (2 or 4 digits): '20 MAY /MAI 95',
    '20 MAY 1995', '20.05.1995', '1995-05-20'. None when `text` is not exactly one date."""
    s = " ".join(fold(text).upper().split())
    if m := NAMED_DATE.fullmatch(s):
        month = MONTHS.get(m.group(2)[:4]) or MONTHS.get(m.group(2)[:3])
        ymd = (int(m.group(3)), month or 0, int(m.group(1)))
    elif m := NUMERIC_DATE.fullmatch(s):
        ymd = (int(m.group(3)), int(m.group(2)), int(m.group(1)))
    elif m := ISO_DATE.fullmatch(s):
        ymd = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    elif m := SPACED_DATE.fullmatch(s):
        d, mo, y = (g for g in m.groups() if g is not None)
        ymd = (int(y), int(mo), int(d))
    else:
        return None
    try:
        dt.date(ymd[0] if ymd[0] >= 100 else 2000 + ymd[0], ymd[1], ymd[2])
    except ValueError:
        return None
    return ymd


def past_date(ymd: tuple[int, int, int], today: dt.date) -> dt.date:
    """(year, month, day) -> a date, a two-digit year put in the past century where needed."""
    y, m, d = ymd
    if y < 100:
        y += 2000 if dt.date(2000 + y, m, d) <= today else 1900
    return dt.date(y, m, d)


# -- labels ---------------------------------------------------------------------------------------


def labelled(doc: Document, name: str, skip: set, today: dt.date) -> Found | None:
    """Field `name` read next to its printed label: the value right of the label on its row,
    else the words under the label on the next row. Dates are parsed; None when not found."""
    rows = viz_rows(doc, skip)
    for k, (pos, page, words) in enumerate(rows):
        hit = find_label(page, words, LABELS[name])
        if hit is None:
            continue
        a, b = hit
        while b < len(words) and SLASHED_LABEL.match(page.words[words[b]].text):
            b += 1  # `Authority/Awdurdod/ Üghdarras/Instantie/...`: the label in other languages
        value = value_words(page, words[b:])
        starts = find_label(page, value, ALL_FORMS) if value else None
        if starts is not None and starts[0] == 0:
            value = []  # the next label in capitals (`SEXE /Sex NATIONALITE/ Nationality`): the value is below
        if not value and k + 1 < len(rows) and rows[k + 1][0] == pos:
            label = union_all(page.words[i].box for i in words[a:b])
            below = rows[k + 1][2]
            if page.words[below[0]].box.y - label.y2 < 2 * label.h:
                value = words_below(page, below, label)
        found = as_found(page, value, name, today)
        if found is not None:
            return found
    return None


ALL_FORMS = tuple(f for forms in LABELS.values() for f in forms)
SLASHED_LABEL = re.compile(r"^/?[^\d/]*(?:/[^\d/]*)+$")  # words of a multilingual label: `Üghdarras/Instantie/`


def find_label(page: Page, words: list[int], forms: tuple[str, ...]) -> tuple[int, int] | None:
    """(start, end) indices in `words` of the first label form found in a row (the label
    starts a word; its last word may run on: 'issue/Date'), or None."""
    wanted = [letters(f) for f in forms]
    for a in range(len(words)):
        text = ""
        for b in range(a, min(a + 5, len(words))):
            if b > a and not adjacent(page, words[b - 1], words[b]):
                break
            text += letters(page.words[words[b]].text)
            if any(text.startswith(f) for f in wanted):
                return a, b + 1
            if not any(f.startswith(text) for f in wanted):
                break
    return None


def adjacent(page: Page, left: int, right: int) -> bool:
    """True when word `right` follows word `left` within about two character widths."""
    a, b = page.words[left], page.words[right]
    char_w = a.box.w / max(len(a.text), 1)
    return b.box.x - a.box.x2 < 2.5 * char_w


def letters(text: str) -> str:
    """Lowercase letters only, accents removed: 'Date of issue/' -> 'dateofissue'."""
    return "".join(c for c in fold(text).lower() if c.isalpha())


def is_value_word(text: str) -> bool:
    """A printed value rather than label text: no lowercase letters, not a '(7)' field number."""
    return (any(c.isalnum() for c in text) and not any(c.islower() for c in text)
            and not re.fullmatch(r"\(?\d{1,2}\)", text))


def value_words(page: Page, words: list[int]) -> list[int]:
    """The first run of value words in `words` (label text before it skipped)."""
    out: list[int] = []
    for i in words:
        if is_value_word(page.words[i].text):
            out.append(i)
        elif out:
            break
    return out


def words_below(page: Page, words: list[int], label: Box) -> list[int]:
    """Value words of the row below that start under the label, and the words that follow
    them closely (`adjacent`)."""
    tol = 0.5 * label.h * page.height / page.width
    out: list[int] = []
    for i in words:
        w = page.words[i]
        if not out:
            if label.x - tol <= w.box.x < label.x2 and is_value_word(w.text):
                out.append(i)
            continue
        if not adjacent(page, out[-1], i) or not is_value_word(w.text):
            break
        out.append(i)
    return out


def as_found(page: Page, words: list[int], name: str, today: dt.date) -> Found | None:
    """Value words -> Found: a date for `issue_date` (the first date among them), text otherwise."""
    if not words:
        return None
    conf = LABEL_CONF * min(page.words[i].confidence for i in words)
    if name not in ("issue_date", "date_of_birth", "expiration_date"):
        text = " ".join(page.words[i].text for i in words)
        return Found(text, word_boxes(page, words), conf)
    for b in range(len(words), 0, -1):
        ymd = parse_date(" ".join(page.words[i].text for i in words[:b]))
        if ymd:
            day = past_date(ymd, today) if name != "expiration_date" or ymd[0] < 100 else dt.date(*ymd)
            return Found(day.isoformat(), word_boxes(page, words[:b]), conf)
    return None


def remaining_date(doc: Document, out: dict[str, Found], skip: set, today: dt.date) -> Found | None:
    """The issue date when no label was read: the one visual-zone date that is neither the
    birth nor the expiry date and lies between them, a year or more before expiry."""
    known = [dt.date.fromisoformat(out[k].value) for k in ("date_of_birth", "expiration_date") if k in out]
    others = []
    for ymd, boxes in viz_dates(doc, skip):
        if any(same_day(ymd, d) for d in known):
            continue
        day = past_date(ymd, today)
        if len(known) == 2 and not known[0] < day <= known[1] - dt.timedelta(days=365):
            continue
        others.append((day, boxes))
    if len({d for d, _ in others}) != 1:
        return None
    day, boxes = others[0]
    return Found(day.isoformat(), boxes, GUESS_CONF)


__all__ = ["extract_passport", "extract_us_passport", "parse_date"]
