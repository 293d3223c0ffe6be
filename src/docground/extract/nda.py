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


def _word_range(flat: Flat, start: int, end: int) -> list[int]:
    """Indices of the words overlapping text[start:end]."""
    first = max(bisect_right(flat.starts, start) - 1, 0)
    if first < len(flat.ends) and flat.ends[first] <= start:
        first += 1
    return list(range(first, bisect_right(flat.starts, end - 1)))


def _by_page(flat: Flat, ids: list[int]) -> list[list[int]]:
    """Consecutive word indices grouped by the page they are on."""
    groups: list[list[int]] = []
    for k in ids:
        if groups and flat.refs[groups[-1][-1]][0] == flat.refs[k][0]:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def span_boxes(flat: Flat, start: int, end: int) -> list:
    """Boxes of the words covering text[start:end], one per line, cut to the chars covered."""
    out = []
    for group in _by_page(flat, _word_range(flat, start, end)):
        w0, w1 = group[0], group[-1]
        first = (start - flat.starts[w0], flat.ends[w0] - flat.starts[w0]) if start > flat.starts[w0] else None
        last = (0, end - flat.starts[w1]) if end < flat.ends[w1] else None
        if len(group) == 1 and last and not first:
            first = (0, flat.ends[w0] - flat.starts[w0])
        page = flat.pages[flat.refs[w0][0]]
        out.extend(word_boxes(page, [flat.refs[k][1] for k in group], first, last))
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

_NUM_WORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
             r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|"
             + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")")
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
    re.compile(r"(?<![\d.])(?P<m>\d{1,2})\.(?P<d>\d{1,2})\.(?P<y>\d{4}|\d{2})(?![\d.])"),
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
_DATED_BEFORE = re.compile(r"(?:effective|dated|made|entered\s+into|entered|executed|signed)"
                           r"(?:\s+and\s+\w+(?:\s+into)?)?"
                           r"(?:\s+(?:as\s+of|on|at|in))?(?:\s+(?:this|the))?\s*$", re.I)
_AS_OF_BEFORE = re.compile(r"\bas\s+of\s+(?:this\s+|the\s+)?$", re.I)
_ON_BEFORE = re.compile(r"\bon\s+(?:this\s+|the\s+)?$", re.I)
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
    if early and _ON_BEFORE.search(before) and re.search(r"\bagreement\b", text[max(0, start - 400):start], re.I):
        return 0.65
    witnessed = re.search(r"WITNESS", text[max(0, start - 200):start])
    if witnessed and _EXECUTED_BEFORE.search(text[max(0, start - 120):start]):
        return 0.55
    return 0.0


_SIGNED_LABEL_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:Date|DATE|Dated|DATED)[ \t]*:?[ \t]*\n?[ \t]*$")
_SIGNED_LABEL_AFTER = re.compile(r"^[ \t]*\n[ \t]*(?:Date|DATE)[ \t]*(?:\n|$)")
DATE_MIN_SCORE = 0.5


def _signing_dates(text: str, dates: list) -> list:
    """Dates printed next to a 'Date:' label (signature blocks), as (start, end, date)."""
    return [(s, e, d) for s, e, d in dates
            if _SIGNED_LABEL_BEFORE.search(text[max(0, s - 30):s]) or _SIGNED_LABEL_AFTER.match(text[e:e + 20])]


def find_effective_date(flat: Flat) -> Found | None:
    """The date the agreement takes effect: 'effective as of', 'dated as of', '(the Effective Date)', ...

    Without one, the last date a party signed on ('Date: 8/11/08' by a signature).
    """
    dates = find_dates(flat.text)
    best = None
    for start, end, d in dates:
        score = _date_score(flat.text, start, end)
        if score >= DATE_MIN_SCORE and (best is None or score > best[0]):
            best = (score, start, end, d)
    if best is None:
        signed = _signing_dates(flat.text, dates)
        if not signed:
            return None
        start, end, d = max(signed, key=lambda h: (h[2], -h[0]))
        best = (0.5, start, end, d)
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
PLACE_LAW = re.compile(rf"\b(?:governed\s+by|under|subject\s+to|accordance\s+with|pursuant\s+to)\s+(?:the\s+)?"
                       rf"(?:internal\s+|substantive\s+)?(?P<j>{_PLACE})\s+law\b", re.I)
_GOVERN = re.compile(r"\b(?:governed|construed|interpreted|enforced|governing\s+law|applicable\s+law|"
                     r"choice\s+of\s+law)\b", re.I)
_GOVERNS = re.compile(r"^[^.;]{0,60}\b(?:shall|will)\s+govern\b", re.I)
_ORGANIZED = re.compile(r"(?:organi[sz]ed|incorporated|existing|formed|registered|chartered|domiciled)\W+"
                        r"(?:\w+\W+){0,3}$", re.I)
_FEDERAL = {"united states", "united states of america"}  # federal law: not a governing-law choice
JURISDICTION_MIN_SCORE = 0.35


def _canonical_place(raw: str) -> str:
    """'NEW  YORK' -> 'New York' (the gazetteer's spelling)."""
    key = " ".join(raw.split()).lower()
    for p in PLACES:
        if p.lower() == key:
            return p
    return " ".join(raw.split())


def _law_score(text: str, m: re.Match) -> float:
    """How likely a 'laws of <place>' match names the governing law (0 = a place of organization)."""
    if _ORGANIZED.search(text[max(0, m.start() - 60):m.start()]):
        return 0.0
    before = text[max(0, m.start("j") - 150):m.start("j")]
    before = re.split(r"(?<=[a-z)]{2})\.\s+(?=[A-Z(\d])|\n\n", before)[-1]
    return 0.9 if _GOVERN.search(before) or _GOVERNS.search(text[m.end():m.end() + 100]) else 0.4


def find_jurisdiction(flat: Flat) -> Found | None:
    """The state or country whose law governs: 'governed by the laws of the State of New York'."""
    text = flat.text
    cands = []
    for rx in (LAWS_OF, PLACE_LAW):
        for m in rx.finditer(text):
            place = _canonical_place(m.group("j"))
            score = _law_score(text, m)
            if place.lower() in _FEDERAL:
                score *= 0.3
            if score >= JURISDICTION_MIN_SCORE:
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
                     r"(?:written|set\s+forth)|date\s+on\s+which\s+this|disclosure|receipt|signing|termination|"
                     r"expiration)", re.I)
_T_CONF = re.compile(r"confidential|non-?disclosure|evaluation\s+material|proprietary\s+information|obligations", re.I)
_T_PERIOD = re.compile(r"(?:for|during)\s+(?:a|the)\s+(?:period|term)\s+of\s*$|\bterm\s+of\s*$|until\s*$|"
                       r"\bterm\b[^.]{0,40}\b(?:shall\s+be|is|will\s+be)\s+(?:for\s+)?(?:a\s+period\s+of\s+)?$", re.I)
_T_EMPLOY = re.compile(r"employ|separation|resignation|retire|consult", re.I)
_T_OTHER = re.compile(r"solicit|\bhire|compet|standstill|acquir|purchase|voting|securities|salary|payment|"
                      r"\bpaid\b|bonus|option|notice|age\s+of|statute|warrant|\$", re.I)


_SENTENCE_END = re.compile(r"(?<=[a-z)]{2})\.\s+(?=[A-Z(\d“\"])")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end] (bounded to a few hundred chars each side)."""
    left = max(0, start - 300)
    for m in _SENTENCE_END.finditer(text, left, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end, min(len(text), end + 200))
    return text[left:m.start() if m else min(len(text), end + 200)]


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
    # at most `med`: an NDA often prints several periods (the agreement, its confidentiality duty)
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
    return found(flat, best[1], best[2], best[3], min(0.5 + 0.08 * best[0], 0.8))


# --------------------------------------------------------------------------- parties

SUFFIXES = {"inc", "incorporated", "corp", "corporation", "co", "company", "llc", "l.l.c", "ltd", "limited",
            "lp", "l.p", "llp", "l.l.p", "lllp", "plc", "p.l.c", "n.a", "s.a", "ag", "gmbh", "b.v", "bv", "n.v",
            "nv", "s.p.a", "spa", "pty", "p.c", "pc", "pllc", "asa", "ab", "sas", "s.a.s", "sarl", "s.a.r.l",
            "s.r.l", "srl", "a/s", "oy", "oyj", "kk", "k.k", "se", "nv/sa", "l.l.c", "pte", "bhd", "trust",
            "partners", "bancorp", "bank", "group", "holdings"}
_CORP_SUFFIXES = SUFFIXES - {"partners", "bancorp", "bank", "group", "holdings", "trust", "company"}
_NO_DOT_SUFFIXES = {"llc", "lp", "llp", "lllp", "plc", "gmbh", "ag", "pllc", "asa", "ab", "bv", "nv", "sas", "sarl",
                    "srl", "spa", "oy", "oyj", "kk", "se", "pte", "bhd", "pc"}
_FULL_WORDS = {"incorporated", "corporation", "company", "limited", "partners", "bancorp", "bank", "group",
               "holdings", "trust"}
_CONNECTORS = {"and", "&", "of", "the", "de", "du", "des", "la", "le", "for", "von", "van", "der", "den", "y", "et",
               "di", "del", "da", "dos", "e", "in", "on"}
_HONORIFICS = {"mr.", "mrs.", "ms.", "dr.", "miss", "mr", "mrs", "ms", "dr", "prof."}
ROLE_WORDS = {"company", "employee", "executive", "employer", "consultant", "contractor", "party", "parties",
              "recipient", "discloser", "buyer", "seller", "purchaser", "director", "agreement", "you", "i",
              "corporation", "bank", "client", "customer", "vendor", "supplier", "licensor", "licensee",
              "investor", "receiving", "disclosing", "undersigned", "officer", "employees", "advisor",
              "individual", "member", "manager", "shareholder", "stockholder", "holder", "counterparty",
              "representative", "associate", "exhibit", "section", "schedule", "article", "whereas", "now",
              "date", "recitals", "witnesseth", "name", "title", "signature", "by", "in", "witness", "agreed",
              "accepted", "parent", "subsidiary", "affiliates", "subsidiaries", "entity", "person", "state"}
_MAX_NAME_WORDS = 12
_NOT_IN_NAMES = {"agreement", "exhibit", "whereas", "recitals", "dated", "re:", "dear"}


def _core(token: str) -> str:
    """A token without trailing separators (keeps a final '.'): 'Inc.,' -> 'Inc.'."""
    return token.rstrip(",;:")


def _is_suffix(token: str) -> bool:
    """'Inc.,' / 'L.P.' / 'LLC' -> True."""
    return _core(token).rstrip(".").lower() in SUFFIXES


def _is_corp_suffix(token: str) -> bool:
    """'Inc.,' / 'LLC' / 'L.P.' -> True; 'Company' / 'Group' -> False (names go on after those)."""
    return _core(token).rstrip(".").lower() in _CORP_SUFFIXES


def _is_abbrev(token: str) -> bool:
    """Tokens whose final '.' is part of the word: 'Inc.', 'J.', 'U.S.', 'Mr.'."""
    core = _core(token)
    if not core.endswith("."):
        return False
    bare = core.rstrip(".")
    return ((bare.lower() in SUFFIXES and bare.lower() not in _FULL_WORDS)
            or bool(re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", bare))
            or core.lower() in _HONORIFICS or bare.lower() in {"st", "jr", "sr", "bros", "no", "mt", "ft", "intl"})


def _is_cap(token: str) -> bool:
    """Starts like a name: capital letter, digit, or an opening quote before a capital."""
    t = token.lstrip("“\"'‘")
    return bool(t) and (t[0].isupper() or t[0].isdigit()) and (len(t) > 1 or t.isalpha())


def _comma_continues(tokens: list[str], i: int) -> bool:
    """After a comma at token i-1: does the name go on ('Nike, Inc.' / 'Sears, Roebuck and Co.')?"""
    if i >= len(tokens):
        return False
    if _core(tokens[i]).rstrip(".").lower() in _CORP_SUFFIXES | {"company"}:
        return True
    for k in range(i, min(i + 4, len(tokens))):
        t = tokens[k]
        if not (_is_cap(t) or _core(t).lower() in _CONNECTORS):
            return False
        if _is_corp_suffix(t):
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
    if first >= len(words) or not _is_cap(words[first]):
        return None
    end_tok = None
    while i < len(words) and i - first < _MAX_NAME_WORDS:
        w = words[i]
        core = _core(w)
        if w.startswith(("(", "[")) or not core:
            break
        is_conn = core.lower() in _CONNECTORS
        if not (_is_cap(w) or is_conn or _is_corp_suffix(w)) or core.lower().strip("“”\"'") in _NOT_IN_NAMES:
            break
        if is_conn and not (i + 1 < len(words) and _is_cap(words[i + 1])):
            break
        end_tok = i
        if core.endswith(".") and not _is_abbrev(core):
            break
        if _is_corp_suffix(w) and not (i + 1 < len(words) and _is_corp_suffix(words[i + 1])):
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
    bare = last.rstrip(",;:")
    if bare.endswith(".") and (not _is_abbrev(last) or bare.rstrip(".").lower() in _NO_DOT_SUFFIXES):
        end -= 1
    return start, end


def is_role(name: str) -> bool:
    """Not a name: generic role words ('the Company', 'Employee') or a bare suffix ('Inc.')."""
    words = [w.strip("“”\"'’,.").lower() for w in name.split()]
    return all(w in ROLE_WORDS or w in _CONNECTORS or w in SUFFIXES for w in words)


_CLAUSE_MARK = re.compile(r"[()]|\.(?=\s)|\b(?:WHEREAS|RECITALS|W\s?I\s?T\s?N\s?E\s?S\s?S\s?E\s?T\s?H|BACKGROUND)\b")


def _sentence_end(text: str, pos: int, limit: int) -> int:
    """The end of the sentence starting at `pos` (outside parentheses; abbreviations skipped)."""
    depth = 0
    for m in _CLAUSE_MARK.finditer(text, pos, limit):
        tok, at = m.group(), m.start()
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth = max(depth - 1, 0)
        elif tok == ".":
            words = text[max(pos, at - 30):at + 1].split()
            if depth == 0 and not (words and _is_abbrev(words[-1])):
                return at
        elif depth == 0:
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
    return bool(re.search(r"[“\"”]|hereinafter|referred\s+to", group)
                or re.fullmatch(r"\(\s*[A-Z][\w&.-]*\s*\)", group))


_LEAD = re.compile(r"[\s,;:]*(?:(?:and|&)\s+)?(?:also\s+)?", re.I)


def _party_at(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """A party's name at text[pos] (not a role word such as 'the Company'), or None."""
    span = name_at(text, pos, end)
    return span if span and not is_role(text[span[0]:span[1]]) else None


def parties_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Party name spans in a preamble clause text[start:end] ('X, a Delaware corp. ("X") and Y')."""
    cuts = [g for g in _paren_groups(text, start, end) if _is_alias(text[g[0]:g[1]])]
    if not cuts:
        return _plain_parties(text, start, end)
    chunks = [(start, cuts[0][0])] + [(a[1], b[0]) for a, b in zip(cuts, cuts[1:])] + [(cuts[-1][1], end)]
    out = []
    for ci, (a, b) in enumerate(chunks):
        pos = _LEAD.match(text, a, b).end()
        if ci == len(chunks) - 1 and not re.search(r"\band\b|&", text[a:pos], re.I):
            continue  # text after the last alias that is not '... and Y'
        span = _party_at(text, pos, b)
        if span:
            out.append(span)
    return out


def _plain_parties(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Without alias definitions: 'between X and Y' / 'between X, a Delaware corporation, and Y'."""
    first = _party_at(text, _LEAD.match(text, start, end).end(), end)
    if not first:
        return []
    m = re.compile(r"[\s,]*(?:,[^,()]{0,120}?,\s*)?(?:and|&)\s+", re.I).match(text, first[1], end)
    second = _party_at(text, m.end(), end) if m else None
    return [first, second] if second else split_pair(text, first)


def split_pair(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """'High Speed Net Solutions and R. J. Seifert Enterprises' -> the two names (at a lone ' and ')."""
    a, b = span
    cuts = [m for m in re.finditer(r"\s+and\s+", text[a:b])]
    if len(cuts) != 1:
        return [span]
    left, right = (a, a + cuts[0].start()), (a + cuts[0].end(), b)
    if len(text[right[0]:right[1]].split()) < 2 or _is_suffix(text[right[0]:right[1]].split()[0]):
        return [span]
    return [left, right]


ANCHOR = re.compile(r"\b(?:by\s+and\s+between|by\s+and\s+among|between|among|"
                    r"(?:entered\s+into|made|executed)\s+by\b(?!\s+and\b))|"
                    r"^\s*PARTIES\s*:", re.I | re.M)
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


_DESCRIPTION = re.compile(r"[\s,]*(?:(?:an?|the|including|together|and|its|with)\b[^().;]{0,100})?", re.I)


def aliased_companies(text: str, limit: int = 3000) -> list[tuple[int, int]]:
    """Companies given a short name early on: 'Sears, Roebuck and Co., including its subsidiaries ("Sears")'."""
    out = []
    for a, b in _paren_groups(text, 0, min(limit, len(text))):
        if not _is_alias(text[a:b]):
            continue
        start = max(text.rfind(". ", 0, a) + 2, a - 200, 0)
        cands = []
        for m in re.finditer(r"(?:^|(?<=\s))\S", text[start:a]):
            pos = start + m.start()
            prev = text[max(0, pos - 30):pos].split()
            if prev and (_is_cap(prev[-1]) or prev[-1].lower() in {"a", "an"}):
                continue
            span = _party_at(text, pos, a)
            if span and _ends_in_suffix(text[span[0]:span[1]]) and _DESCRIPTION.fullmatch(text[span[1]:a]):
                cands.append(span)
        if cands:
            out.append(max(cands, key=lambda c: (c[1], -c[0])))
    return out


def employer_party(text: str) -> list[tuple[int, int]]:
    """'As a condition of my employment with Dolby Laboratories, Inc., ...' -> [the employer]."""
    for m in EMPLOYER.finditer(text[:PREAMBLE_CHARS]):
        span = _party_at(text, m.end(), min(len(text), m.end() + 200))
        if span:
            return [span]
    return []


_BY_LINE = re.compile(r"^[ \t]*(?:By|BY)[ \t]*(?::|/s/|_|$)", re.M)


def _ends_in_suffix(name: str) -> bool:
    """'Acme Widgets, Inc.' / 'L. B. Foster Company' -> True."""
    return bool(name.split()) and _is_suffix(name.split()[-1])


def signature_parties(text: str) -> list[tuple[int, int]]:
    """Companies signing with a 'By:' line below their name (signature blocks)."""
    out = []
    for m in _BY_LINE.finditer(text):
        pos = _line_at(text, m.start())[0]
        for _ in range(3):  # the company name is on one of the 3 lines above 'By:'
            if pos == 0:
                break
            pos, line_end = _line_at(text, pos - 1)
            span = _party_at(text, pos, line_end)
            if span and _ends_in_suffix(text[span[0]:span[1]]):
                out.append(span)
                break
    return out


_SIGNED = re.compile(r"^(?P<pre>[^\n]*?)/s/[ \t]*", re.M)
_OFFICER = re.compile(r"\b(?:Title|President|Officer|Director|Secretary|Treasurer|Vice|Manager|Counsel|Chairman|"
                      r"Partner|Member|Chief|CEO|CFO|Attorney|Witness)\b", re.I)


def _line_at(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the line holding text[pos]."""
    return text.rfind("\n", 0, pos) + 1, (text.find("\n", pos) + 1 or len(text) + 1) - 1


def _printed_name(text: str, span: tuple[int, int], lines: list[tuple[int, int]]) -> tuple[int, int]:
    """The printed name under a signature ('/s/ RAY DOLBY' ... 'RAY M. DOLBY'), else the signature."""
    last = text[span[0]:span[1]].split()[-1].lower()
    for a, b in lines:
        cand = name_at(text, a, b)
        if cand and cand[1] >= b - 1 and text[cand[0]:cand[1]].split()[-1].lower() == last:
            return cand if cand[1] - cand[0] > span[1] - span[0] else span
    return span


def _lines_after(text: str, end: int, n: int) -> list[tuple[int, int]]:
    """(start, end) of the `n` lines after the line ending at `end`."""
    out, pos = [], end + 1
    while len(out) < n and pos < len(text):
        out.append(_line_at(text, pos))
        pos = out[-1][1] + 1
    return out


def _line_above(text: str, start: int) -> str:
    """The nearest non-empty line above the line starting at `start`, a bare 'By:' line skipped."""
    lines = [ln for ln in text[max(0, start - 200):start].split("\n")
             if ln.strip() and not re.fullmatch(r"\s*By\s*:?\s*_*\s*", ln, re.I)]
    return lines[-1] if lines else ""


def signer_parties(text: str) -> list[tuple[int, int]]:
    """People who sign for themselves: '/s/ Jane Doe' not under a company, a 'By:' or next to a title."""
    out = []
    for m in _SIGNED.finditer(text):
        if re.search(r"\bBy\b", m.group("pre"), re.I):
            continue
        line_start, line_end = _line_at(text, m.end())
        span = _party_at(text, m.end(), line_end)
        if not span or len(text[span[0]:span[1]].split()) < 2 or _ends_in_suffix(text[span[0]:span[1]]):
            continue
        above = _line_above(text, line_start)
        below = _lines_after(text, line_end, 3)
        if _OFFICER.search(above) or _has_corp_suffix(above) or any(_OFFICER.search(text[a:b]) for a, b in below):
            continue
        out.append(_printed_name(text, span, below))
    return out


def _has_corp_suffix(line: str) -> bool:
    """Does the line read like a company name ('DOLBY LABORATORIES, INC.')?"""
    return any(_core(w).rstrip(".").lower() in _CORP_SUFFIXES for w in line.split())


def _key(name: str) -> str:
    """Comparison key of a party name: letters and digits, upper-cased, corporate suffixes dropped."""
    words = [w for w in re.findall(r"[A-Za-z0-9]+", name.upper()) if w.lower() not in SUFFIXES]
    return "".join(words)


def _same_party(a: str, b: str) -> bool:
    """'NIKE, Inc.' ~ 'Nike Inc'; 'Vocus' ~ 'Vocus, Inc.'."""
    ka, kb = _key(a), _key(b)
    return bool(ka and kb) and (ka == kb or ka.startswith(kb) or kb.startswith(ka))


def find_parties(flat: Flat) -> list[Found]:
    """Names of the parties: the preamble first; short of two, companies given a short name early on,
    the employer ('my employment with X'), companies and people in the signature blocks."""
    text = flat.text
    kept: list[tuple[tuple[int, int], float]] = []
    _merge(text, kept, preamble_parties(text), 0.8)
    sources = ((aliased_companies, 0.6), (employer_party, 0.6), (signature_parties, 0.5), (signer_parties, 0.5))
    for fn, conf in sources:
        if len(kept) >= 2:
            break
        _merge(text, kept, fn(text), conf, cap=2)
    return [found(flat, a, b, " ".join(text[a:b].split()), conf) for (a, b), conf in kept]


def _merge(text: str, kept: list, spans: list[tuple[int, int]], conf: float, cap: int = 99) -> None:
    """Add party spans to `kept` (span, confidence), up to `cap` parties; the same party twice keeps its
    fuller name."""
    for span in spans:
        name = text[span[0]:span[1]]
        same = [k for k, (other, _) in enumerate(kept) if _same_party(name, text[other[0]:other[1]])]
        if not same:
            if len(kept) < cap:
                kept.append((span, conf))
        elif _fuller(name, text[slice(*kept[same[0]][0])]):
            kept[same[0]] = (span, max(conf, kept[same[0]][1]))


def _fuller(name: str, other: str) -> bool:
    """Is `name` the more complete spelling of the same party ('Sears, Roebuck and Co.' vs 'Sears')?"""
    return _has_corp_suffix(name) and not _has_corp_suffix(other) or len(_key(name)) > len(_key(other)) + 3


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
