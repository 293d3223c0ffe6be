"""legal.nda: parties, effective date, governing law and term, read by rules off a contract's text.

The document's words are joined into one string (`Flat`), regular expressions find the values,
and every value keeps the char span it was read from, mapped back to word boxes (`Found`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from ..document import Document, Page
from .found import Found, word_boxes

# --------------------------------------------------------------------------- flat text


@dataclass
class Flat:
    """All words of a document in reading order: words joined by ' ', lines by '\\n', pages by '\\n\\n'."""

    text: str
    starts: list[int]
    ends: list[int]
    refs: list[tuple[int, int]]  # per word: (position in `pages`, word id on that page)
    pages: list[Page]


def flatten(doc: Document) -> Flat:
    """Join the words of `doc` into one string, remembering each word's char span."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    refs: list[tuple[int, int]] = []
    pos = 0
    for pi, page in enumerate(doc.pages):
        for li, line in enumerate(page.lines):
            for k, wi in enumerate(line.words):
                sep = " " if k else ("\n" if li else ("\n\n" if parts else ""))
                text = page.words[wi].text
                parts.append(sep)
                pos += len(sep)
                starts.append(pos)
                ends.append(pos + len(text))
                refs.append((pi, wi))
                parts.append(text)
                pos += len(text)
    return Flat("".join(parts), starts, ends, refs, list(doc.pages))


_TRIM = " \t\n,;:()[]“”\"'‘’*_"


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding spaces, quotes, brackets and separators."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def span_boxes(flat: Flat, start: int, end: int) -> list:
    """Boxes of the words covering text[start:end], one per line, cut to the chars covered."""
    first = max(bisect_right(flat.starts, start) - 1, 0)
    if flat.ends[first] <= start:
        first += 1
    last = bisect_right(flat.starts, end - 1) - 1
    if last < first:
        return []
    groups: list[list[int]] = []
    for k in range(first, last + 1):
        if groups and flat.refs[groups[-1][-1]][0] == flat.refs[k][0]:
            groups[-1].append(k)
        else:
            groups.append([k])
    out = []
    for gi, group in enumerate(groups):
        a = b = None
        if gi == 0 and start > flat.starts[group[0]]:
            a = (start - flat.starts[group[0]], flat.ends[group[0]] - flat.starts[group[0]])
        if gi == len(groups) - 1 and end < flat.ends[group[-1]]:
            b = (0, end - flat.starts[group[-1]])
        if len(group) == 1 and (a or b):
            a = ((a or (0, 0))[0], (b or (0, flat.ends[group[0]] - flat.starts[group[0]]))[1])
            b = None
        page = flat.pages[flat.refs[group[0]][0]]
        out.extend(word_boxes(page, [flat.refs[k][1] for k in group], a, b))
    return out


def found(flat: Flat, start: int, end: int, value, confidence: float) -> Found:
    """A `Found` for `value` read from text[start:end] (span trimmed of punctuation)."""
    start, end = trim_span(flat.text, start, end)
    return Found(value, span_boxes(flat, start, end), round(confidence, 3))


# --------------------------------------------------------------------------- numbers and dates

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth", "twentieth"]
NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | _TENS | {"a": 1, "an": 1}
ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(_ORDINALS)} | {"thirtieth": 30}

_NUM_WORD = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|" \
            + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"
_ORD_WORD = r"(?:(?:twenty|thirty)[\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|" \
            + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)) + ")"


def number_value(word: str) -> int | None:
    """'12' / 'twelve' / 'twenty-four' / '2nd' / 'second' -> int; None when not a number."""
    w = word.lower().strip()
    if re.fullmatch(r"\d+(?:st|nd|rd|th)?", w):
        return int(re.match(r"\d+", w).group())
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    if w in ORDINAL_WORDS:
        return ORDINAL_WORDS[w]
    parts = re.split(r"[\s-]+", w)
    if len(parts) == 2 and parts[0] in _TENS:
        rest = NUMBER_WORDS.get(parts[1]) or ORDINAL_WORDS.get(parts[1])
        return _TENS[parts[0]] + rest if rest and rest < 10 else None
    return None


_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|" \
       r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_DAY_WORD = rf"(?P<d>\d{{1,2}}(?:st|nd|rd|th)?|{_ORD_WORD})"
DATE_PATTERNS = [
    re.compile(rf"\b(?P<m>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY_WORD}\s+(?:day\s+)?(?:of\s+)?(?P<m>{_MON}),?\s+(?:in\s+the\s+year\s+)?{_YEAR}\b", re.I),
    re.compile(r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
    re.compile(rf"\b{_YEAR}-(?P<m>\d\d)-(?P<d>\d\d)\b"),
]


def _month(token: str) -> int | None:
    """'Sept.' / 'september' / '9' -> 9."""
    t = token.lower().rstrip(".")
    if t.isdigit():
        return int(t)
    for i, name in enumerate(_MONTHS):
        if name.startswith(t[:3]) and len(t) >= 3:
            return i + 1
    return None


def _to_date(m: re.Match) -> date | None:
    """A date from a DATE_PATTERNS match (two-digit years pivot at 30)."""
    year = int(m.group("y"))
    if year < 100:
        year += 2000 if year < 30 else 1900
    try:
        return date(year, _month(m.group("m")) or 0, number_value(m.group("d")) or 0)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """Every date printed in `text`: (start, end, date), in order, overlaps dropped."""
    hits = []
    for rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            d = _to_date(m)
            if d:
                hits.append((m.start(), m.end(), d))
    hits.sort(key=lambda h: (h[0], -h[1]))
    out: list[tuple[int, int, date]] = []
    for h in hits:
        if not out or h[0] >= out[-1][1]:
            out.append(h)
    return out


# --------------------------------------------------------------------------- effective date

_DEFINED_AFTER = re.compile(r"^[\s,]*\(?\s*(?:the|this)?\s*[“\"']?\s*(?:Effective|Commencement)\s+Date", re.I)
_DEFINED_BEFORE = re.compile(r"(?:Effective|Commencement)\s+Date[”\"']?\)?\s*(?:shall\s+)?(?:means?|is|of|:)?\s*"
                             r"(?:the\s+)?$", re.I)
_DATED_BEFORE = re.compile(r"(?:effective|dated|made|entered\s+into|entered|executed|signed)(?:\s+and\s+\w+(?:\s+into)?)?"
                           r"(?:\s+(?:as\s+of|on|at|in))?(?:\s+(?:this|the))?\s*$", re.I)
_AS_OF_BEFORE = re.compile(r"\bas\s+of\s+(?:this\s+|the\s+)?$", re.I)
_EXECUTED_BEFORE = re.compile(r"(?:executed|signed)\b.{0,80}$", re.I | re.S)
EARLY = 3000  # chars: the title and preamble of a contract


def _date_score(text: str, start: int, end: int) -> float:
    """How likely the date at text[start:end] is the agreement's effective date (0..1)."""
    before = text[max(0, start - 60):start]
    after = text[end:end + 40]
    early = start < EARLY
    if _DEFINED_AFTER.search(after) or _DEFINED_BEFORE.search(before):
        return 0.95
    if _DATED_BEFORE.search(before):
        return 0.85 if early else 0.45
    if _AS_OF_BEFORE.search(before):
        return 0.75 if early else 0.3
    if _EXECUTED_BEFORE.search(text[max(0, start - 120):start]) and re.search(r"WITNESS", text[max(0, start - 200):start]):
        return 0.55
    return 0.0


def find_effective_date(flat: Flat) -> Found | None:
    """The date the agreement takes effect: 'effective as of', 'dated as of', '(the Effective Date)', ..."""
    best = None
    for start, end, d in find_dates(flat.text):
        score = _date_score(flat.text, start, end)
        if score > 0 and (best is None or score > best[0]):
            best = (score, start, end, d)
    if best is None:
        return None
    score, start, end, d = best
    return found(flat, start, end, d.isoformat(), score)


# --------------------------------------------------------------------------- jurisdiction

US_STATES = ["Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
             "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
             "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi",
             "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
             "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
             "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
             "West Virginia", "Wisconsin", "Wyoming", "District of Columbia", "Puerto Rico"]
OTHER_PLACES = ["England and Wales", "England", "Scotland", "United Kingdom", "Ireland", "Canada", "Ontario",
                "Quebec", "British Columbia", "Alberta", "Australia", "New South Wales", "New Zealand", "Germany",
                "France", "Italy", "Spain", "Portugal", "Netherlands", "Belgium", "Luxembourg", "Switzerland",
                "Austria", "Sweden", "Norway", "Denmark", "Finland", "Israel", "India", "China",
                "People's Republic of China", "Hong Kong", "Singapore", "Japan", "Korea", "Republic of Korea",
                "Taiwan", "Cayman Islands", "British Virgin Islands", "Bermuda", "Russian Federation", "Russia",
                "Ukraine", "Cyprus", "Mexico", "Brazil", "Argentina", "Chile", "South Africa", "Greece", "Poland",
                "Hungary", "Czech Republic", "Turkey", "United Arab Emirates", "Malaysia", "Philippines",
                "Thailand", "Indonesia", "Bahamas", "Panama", "Marshall Islands", "Liberia", "Jersey", "Guernsey",
                "United States of America", "United States"]
PLACES = sorted(US_STATES + OTHER_PLACES, key=len, reverse=True)
_PLACE = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in PLACES)
_PLACE_LEAD = r"(?:the\s+)?(?:(?:State|Commonwealth|Province|Republic|Kingdom|Government)\s+of\s+(?:the\s+)?)?"
LAWS_OF = re.compile(rf"\blaws?\b(?:[^.;()]{{0,50}}?)\bof\s+{_PLACE_LEAD}(?P<j>{_PLACE})\b", re.I)
PLACE_LAW = re.compile(rf"\b(?:governed\s+by|under|subject\s+to)\s+(?:the\s+)?(?:internal\s+|substantive\s+)?"
                       rf"(?P<j>{_PLACE})\s+law\b", re.I)
_GOVERN = re.compile(r"govern|constru|interpret|enforc|applicable\s+law|choice\s+of\s+law", re.I)
_ORGANIZED = re.compile(r"(?:organi[sz]ed|incorporated|existing|formed|registered|chartered|domiciled)\W+"
                        r"(?:\w+\W+){0,3}$", re.I)
_FEDERAL = {"united states", "united states of america"}


def _canonical_place(raw: str) -> str:
    """'NEW  YORK' -> 'New York' (the gazetteer's spelling)."""
    key = " ".join(raw.split()).lower()
    for p in PLACES:
        if p.lower() == key:
            return p
    return " ".join(raw.split())


def _law_score(text: str, start: int) -> float:
    """How likely a 'laws of <place>' at `start` names the governing law (0 = place of organization)."""
    before = text[max(0, start - 60):start]
    if _ORGANIZED.search(before):
        return 0.0
    sentence = text[max(0, start - 250):start]
    sentence = re.split(r"(?<=[a-z]{3})\.\s", sentence)[-1]
    return 0.9 if _GOVERN.search(sentence) else 0.4


def find_jurisdiction(flat: Flat) -> Found | None:
    """The state or country whose law governs: 'governed by the laws of the State of New York'."""
    text = flat.text
    cands = []
    for rx in (LAWS_OF, PLACE_LAW):
        for m in rx.finditer(text):
            place = _canonical_place(m.group("j"))
            score = _law_score(text, m.start())
            if place.lower() in _FEDERAL:
                score *= 0.3
            if score > 0:
                cands.append((score, m.start("j"), m.end("j"), place))
    if not cands:
        return None
    best = max(cands, key=lambda c: (c[0], sum(1 for o in cands if o[3] == c[3]), -c[1]))
    return found(flat, best[1], best[2], best[3], best[0])


# --------------------------------------------------------------------------- term

_UNIT = r"(?P<u>years?|months?|weeks?|days?)"
TERM_RE = re.compile(rf"\b(?P<n>\d{{1,3}}|{_NUM_WORD})(?:\s*\(\s*\d{{1,3}}\s*\))?[\s-]+(?:calendar\s+)?{_UNIT}\b", re.I)
ANNIV_RE = re.compile(rf"\b(?P<n>\d{{1,2}}(?:st|nd|rd|th)|{_ORD_WORD})(?:\s*\(\s*\d{{1,2}}(?:st|nd|rd|th)?\s*\))?"
                      r"[\s-]+(?:year\s+)?anniversary\b", re.I)
ONE_YEAR_ANNIV = re.compile(rf"\b(?P<n>\d{{1,2}}|{_NUM_WORD})[\s-]+year\s+anniversary\b", re.I)

_T_END = re.compile(r"terminat|expir|shall\s+(?:remain|continue|survive)|in\s+(?:full\s+)?force|in\s+effect|"
                    r"\bterm\s+of\s+this|\bduration", re.I)
_T_AGREEMENT = re.compile(r"(?:this|the)\s+(?:letter\s+)?agreement|hereof|hereunder|hereto", re.I)
_T_FROM = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:from|after|following|of)\s+(?:and\s+after\s+)?(?:the\s+)?"
                     r"(?:date\s+hereof|date\s+of\s+(?:this|the)|effective\s+date|execution|date\s+(?:first\s+)?"
                     r"(?:written|set\s+forth)|date\s+on\s+which\s+this|disclosure|receipt|signing)", re.I)
_T_CONF = re.compile(r"confidential|non-?disclosure|evaluation\s+material|proprietary\s+information|obligations", re.I)
_T_PERIOD = re.compile(r"(?:for|during)\s+(?:a|the)\s+(?:period|term)\s+of\s*$|\bterm\s+of\s*$|until\s*$", re.I)
_T_EMPLOY = re.compile(r"employ|separation|resignation|retire|consult", re.I)
_T_OTHER = re.compile(r"solicit|\bhire|compet|standstill|acquir|purchase|voting|securities|salary|payment|"
                      r"\bpaid\b|bonus|option|notice|age\s+of|statute|warrant|\$", re.I)


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end] (bounded to a few hundred chars each side)."""
    left = text[max(0, start - 300):start]
    parts = re.split(r"(?<=[a-z)]{2})\.\s+(?=[A-Z(\d])|\n\n", left)
    right = text[end:end + 200]
    right = re.split(r"(?<=[a-z)]{2})\.\s", right)[0]
    return parts[-1] + text[start:end] + right


def _term_score(text: str, m: re.Match) -> float:
    """Evidence that the duration at `m` is the agreement's (or its confidentiality's) term."""
    sentence = _sentence_around(text, m.start(), m.end())
    after = text[m.end():m.end() + 80]
    before = text[max(0, m.start() - 40):m.start()]
    score = 0.0
    score += 2 if _T_END.search(sentence) else 0
    score += 1 if _T_AGREEMENT.search(sentence) else 0
    score += 2 if _T_FROM.search(after) else 0
    score += 1 if _T_CONF.search(sentence) else 0
    score += 1 if _T_PERIOD.search(before) else 0
    score -= 3 if _T_EMPLOY.search(sentence) else 0
    score -= 2 if _T_OTHER.search(sentence) else 0
    score -= 2 if re.match(r"days?|weeks?", m.groupdict().get("u") or "", re.I) else 0
    score -= 1 if re.search(r"within\s*$|least\s*$|than\s*$|about\s*$", before, re.I) else 0
    return score


def _term_value(n: int, unit: str) -> str:
    """(2, 'Years') -> '2 years'; (1, 'months') -> '1 month'."""
    unit = unit.lower().rstrip("s")
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


TERM_MIN_SCORE = 4


def find_term(flat: Flat) -> Found | None:
    """How long the agreement (or its confidentiality obligation) lasts: 'for a period of two (2) years'."""
    text = flat.text
    cands = []
    for m in TERM_RE.finditer(text):
        n = number_value(m.group("n"))
        if n and not re.match(r"an?$", m.group("n"), re.I):
            cands.append((_term_score(text, m), m.start(), m.end(), _term_value(n, m.group("u"))))
    for rx in (ANNIV_RE, ONE_YEAR_ANNIV):
        for m in rx.finditer(text):
            n = number_value(m.group("n"))
            if n:
                cands.append((_term_score(text, m) + 1, m.start(), m.end(), _term_value(n, "years")))
    cands = [c for c in cands if c[0] >= TERM_MIN_SCORE]
    if not cands:
        return None
    best = max(cands, key=lambda c: (c[0], -c[1]))
    return found(flat, best[1], best[2], best[3], min(0.5 + 0.08 * best[0], 0.9))


# --------------------------------------------------------------------------- parties

SUFFIXES = {"inc", "incorporated", "corp", "corporation", "co", "company", "llc", "l.l.c", "ltd", "limited",
            "lp", "l.p", "llp", "l.l.p", "lllp", "plc", "p.l.c", "n.a", "s.a", "ag", "gmbh", "b.v", "bv", "n.v",
            "nv", "s.p.a", "spa", "pty", "p.c", "pc", "pllc", "asa", "ab", "sas", "s.a.s", "sarl", "s.a.r.l",
            "s.r.l", "srl", "a/s", "oy", "oyj", "kk", "k.k", "se", "nv/sa", "l.l.c", "pte", "bhd", "trust",
            "partners", "bancorp", "bank", "group", "holdings"}
_CORP_SUFFIXES = SUFFIXES - {"partners", "bancorp", "bank", "group", "holdings", "trust", "company"}
_CONNECTORS = {"and", "&", "of", "the", "de", "du", "des", "la", "le", "for", "von", "van", "der", "den", "y", "et",
               "di", "del", "da", "dos", "e", "in", "on"}
_HONORIFICS = {"mr.", "mrs.", "ms.", "dr.", "miss", "mr", "mrs", "ms", "dr", "prof."}
ROLE_WORDS = {"company", "employee", "executive", "employer", "consultant", "contractor", "party", "parties",
              "recipient", "discloser", "buyer", "seller", "purchaser", "director", "agreement", "you", "i",
              "corporation", "bank", "client", "customer", "vendor", "supplier", "licensor", "licensee",
              "investor", "receiving", "disclosing", "undersigned", "officer", "employees", "advisor",
              "individual", "member", "manager", "shareholder", "stockholder", "holder", "counterparty",
              "representative", "associate", "exhibit", "section", "schedule", "article", "whereas", "now"}
_MAX_NAME_WORDS = 12


def _core(token: str) -> str:
    """A token without trailing separators (keeps a final '.'): 'Inc.,' -> 'Inc.'."""
    return token.rstrip(",;:")


def _is_suffix(token: str) -> bool:
    """'Inc.,' / 'L.P.' / 'LLC' -> True."""
    return _core(token).rstrip(".").lower() in SUFFIXES


def _is_abbrev(token: str) -> bool:
    """Tokens whose final '.' is part of the word: 'Inc.', 'J.', 'U.S.', 'Mr.'."""
    core = _core(token)
    if not core.endswith("."):
        return False
    bare = core.rstrip(".")
    return (bare.lower() in SUFFIXES or bool(re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", bare))
            or core.lower() in _HONORIFICS or bare.lower() in {"st", "jr", "sr", "bros", "no", "mt", "ft", "intl"})


def _is_cap(token: str) -> bool:
    """Starts like a name: capital letter, digit, or an opening quote before a capital."""
    t = token.lstrip("“\"'‘")
    return bool(t) and (t[0].isupper() or t[0].isdigit()) and (len(t) > 1 or t.isalpha())


def _comma_continues(tokens: list[str], i: int) -> bool:
    """After a comma at token i-1: does the name go on ('Nike, Inc.' / 'Sears, Roebuck and Co.')?"""
    if i >= len(tokens):
        return False
    if _is_suffix(tokens[i]) and _core(tokens[i]).rstrip(".").lower() in _CORP_SUFFIXES | {"company"}:
        return True
    for k in range(i, min(i + 4, len(tokens))):
        t = tokens[k]
        if not (_is_cap(t) or _core(t).lower() in _CONNECTORS):
            return False
        if _is_suffix(t) and _core(t).rstrip(".").lower() in _CORP_SUFFIXES:
            return True
        if t.endswith((",", ";", ")")):
            return False
    return False


def name_at(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The char span of a proper name starting at text[pos] (company suffixes included), or None."""
    toks = [(m.start() + pos, m.group()) for m in re.finditer(r"\S+", text[pos:limit])]
    words = [t for _, t in toks]
    i = 0
    while i < len(words) and words[i].lower() in _HONORIFICS:
        i += 1
    first = i
    end_tok = None
    while i < len(words) and i - first < _MAX_NAME_WORDS:
        w = words[i]
        core = _core(w)
        if w.startswith(("(", "[")) or not core:
            break
        is_conn = core.lower() in _CONNECTORS
        if not (_is_cap(w) or is_conn):
            break
        if is_conn and not (i + 1 < len(words) and _is_cap(words[i + 1])):
            break
        end_tok = i
        if core.endswith(".") and not _is_abbrev(core):
            break
        if w.endswith((";", ")", ":")) or (w.endswith(",") and not _comma_continues(words, i + 1)):
            break
        i += 1
    if end_tok is None:
        return None
    while end_tok >= first and _core(words[end_tok]).lower() in _CONNECTORS:
        end_tok -= 1
    if end_tok < first:
        return None
    start = toks[first][0]
    last = words[end_tok]
    end = toks[end_tok][0] + len(last.rstrip(",;:)"))
    if last.rstrip(",;:").endswith(".") and not _is_abbrev(last):
        end -= 1
    return start, end


def is_role(name: str) -> bool:
    """Generic role words that stand for a party without naming it ('the Company', 'Employee')."""
    words = [w.strip("“”\"'’,.").lower() for w in name.split()]
    return all(w in ROLE_WORDS or w in _CONNECTORS for w in words)


def _sentence_end(text: str, pos: int, limit: int) -> int:
    """The end of the sentence starting at `pos` (outside parentheses; abbreviations skipped)."""
    depth = 0
    for m in re.finditer(r"[()]|\.(?=\s)|\n\n|\b(?:WHEREAS|RECITALS|W\s?I\s?T\s?N\s?E\s?S\s?S\s?E\s?T\s?H|BACKGROUND)\b",
                         text[pos:limit]):
        tok = m.group()
        at = pos + m.start()
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth = max(depth - 1, 0)
        elif tok == ".":
            word = text[max(pos, at - 30):at + 1].split()[-1] if text[max(pos, at - 30):at + 1].split() else ""
            if depth == 0 and not _is_abbrev(word):
                return at
        elif depth == 0 or tok == "\n\n":
            return at
    return limit


def _paren_groups(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Top-level '( ... )' groups in text[start:end] as (open, close+1)."""
    out, depth, open_at = [], 0, 0
    for i in range(start, end):
        c = text[i]
        if c == "(":
            if depth == 0:
                open_at = i
            depth += 1
        elif c == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append((open_at, i + 1))
    return out


def _is_alias(group: str) -> bool:
    """'(“Kite”)', '(the "Company")', '(hereinafter H&S)' define a short name for a party."""
    return bool(re.search(r"[“\"”]|hereinafter|referred\s+to", group)) or bool(re.fullmatch(r"\(\s*[A-Z][\w&.-]*\s*\)", group))


_LEAD = re.compile(r"[\s,;:]*(?:(?:and|&)\s+)?(?:also\s+)?", re.I)


def parties_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Party name spans in a preamble clause text[start:end] ('X, a Delaware corp. ("X") and Y')."""
    cuts = [g for g in _paren_groups(text, start, end) if _is_alias(text[g[0]:g[1]])]
    chunks, prev = [], start
    for a, b in cuts:
        chunks.append((prev, a))
        prev = b
    chunks.append((prev, end))
    out = []
    for ci, (a, b) in enumerate(chunks):
        lead = _LEAD.match(text, a, b)
        pos = lead.end() if lead else a
        if ci == len(chunks) - 1 and len(chunks) > 1 and pos == a:
            continue  # text after the last alias that is not '... and Y'
        span = name_at(text, pos, b)
        if span and not is_role(text[span[0]:span[1]]):
            out.append(span)
        if not cuts:
            out.extend(_and_parties(text, span, b))
            break
    return out


def _and_parties(text: str, first: tuple[int, int] | None, end: int) -> list[tuple[int, int]]:
    """Without alias definitions: 'between X and Y' -> the span of Y (X already read)."""
    if not first:
        return []
    rest = text[first[1]:end]
    m = re.match(r"[\s,]*(?:,[^,()]{0,120}?,\s*)?(?:and|&)\s+", rest)
    if not m:
        return []
    span = name_at(text, first[1] + m.end(), end)
    return [span] if span and not is_role(text[span[0]:span[1]]) else []


ANCHOR = re.compile(r"\b(?:by\s+and\s+between|by\s+and\s+among|between|among)\b|^\s*PARTIES\s*:", re.I | re.M)
EMPLOYER = re.compile(r"\b(?:employment\s+(?:with|by)|employed\s+by|associate\s+of|engagement\s+(?:with|by)|"
                      r"services\s+to)\s+", re.I)
PREAMBLE_CHARS = 8000


def preamble_parties(text: str) -> list[tuple[int, int]]:
    """Parties named after the first 'between' / 'among' / 'PARTIES:' that names any."""
    for m in ANCHOR.finditer(text[:PREAMBLE_CHARS]):
        end = _sentence_end(text, m.end(), min(len(text), m.end() + 1500))
        spans = parties_in(text, m.end(), end)
        if spans:
            return spans
    return []


def employer_party(text: str) -> tuple[int, int] | None:
    """'As a condition of my employment with Dolby Laboratories, Inc., ...' -> the employer."""
    for m in EMPLOYER.finditer(text[:PREAMBLE_CHARS]):
        span = name_at(text, m.end(), min(len(text), m.end() + 200))
        if span and not is_role(text[span[0]:span[1]]):
            return span
    return None


_BY_LINE = re.compile(r"^\s*(?:By|BY)\b", re.M)


def signature_parties(text: str) -> list[tuple[int, int]]:
    """Companies signing with a 'By:' line below their name (signature blocks)."""
    out = []
    for m in _BY_LINE.finditer(text):
        lines = text[max(0, m.start() - 300):m.start()].split("\n")
        offset = m.start()
        for line in reversed(lines[-3:]):
            offset -= len(line) + 1
            start = offset + 1 + (len(line) - len(line.lstrip()))
            span = name_at(text, start, offset + 1 + len(line))
            if span and _is_suffix(text[span[0]:span[1]].split()[-1]) and not is_role(text[span[0]:span[1]]):
                out.append(span)
                break
    return out


def _key(name: str) -> str:
    """Comparison key of a party name: letters and digits, upper-cased, corporate suffixes dropped."""
    words = [w for w in re.findall(r"[A-Za-z0-9]+", name.upper()) if w.lower() not in SUFFIXES]
    return "".join(words)


def _same_party(a: str, b: str) -> bool:
    """'NIKE, Inc.' ~ 'Nike Inc'; 'Vocus' ~ 'Vocus, Inc.'."""
    ka, kb = _key(a), _key(b)
    return bool(ka and kb) and (ka == kb or ka.startswith(kb) or kb.startswith(ka))


def find_parties(flat: Flat) -> list[Found]:
    """Names of the parties: the preamble first, then the employer and the signature blocks."""
    text = flat.text
    spans = [(s, 0.8) for s in preamble_parties(text)]
    if len(spans) < 2:
        emp = employer_party(text)
        spans += [(emp, 0.6)] if emp else []
    if len(spans) < 2:
        spans += [(s, 0.5) for s in signature_parties(text)]
    out: list[Found] = []
    names: list[str] = []
    for (a, b), conf in spans:
        name = " ".join(text[a:b].split())
        if any(_same_party(name, n) for n in names):
            continue
        names.append(name)
        out.append(found(flat, a, b, name, conf))
    return out


# --------------------------------------------------------------------------- entry point


def extract_nda(doc: Document) -> dict[str, Found]:
    """Read an NDA's parties, effective date, governing law and term; keys `parties[0]`, ..."""
    flat = flatten(doc)
    out: dict[str, Found] = {}
    for i, f in enumerate(find_parties(flat)):
        out[f"parties[{i}]"] = f
    for key, fn in (("effective_date", find_effective_date), ("jurisdiction", find_jurisdiction),
                    ("term", find_term)):
        f = fn(flat)
        if f is not None:
            out[key] = f
    return out
