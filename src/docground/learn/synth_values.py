"""Realistic random values for the synthetic pages: people, companies, addresses, ids, phones, tax ids."""

from __future__ import annotations

import random
import string
import unicodedata
from dataclasses import dataclass

from .synth_locale import Locale

FIRST = {
    "US": "James Mary Robert Patricia Michael Jennifer DeShawn Aaliyah Carlos Emily Tyler Keisha",
    "GB": "Oliver Amelia Harry Isla George Ava Jack Sophie Callum Niamh Priya Rhys",
    "IN": "Aarav Ananya Vivaan Diya Rohan Priya Arjun Kavya Rahul Sneha",
    "FR": "Camille Lucas Léa Hugo Manon Théo Chloé Louis Inès Mathis Élodie Yanis",
    "DE": "Lukas Anna Jonas Lea Finn Mia Felix Emma Maximilian Sophie Jürgen Özlem",
    "ES": "Lucía Hugo Martina Pablo Sofía Alejandro Carmen Javier Nerea Álvaro",
    "IT": "Giulia Francesco Sofia Alessandro Aurora Lorenzo Chiara Matteo Federica Davide",
    "PT": "Beatriz João Maria Tiago Inês Rodrigo Leonor Duarte Mariana Gonçalo",
    "NL": "Daan Emma Sem Julia Lucas Tess Bram Sanne Thijs Fleur Jeroen Anouk",
    "X": "Wei Mei Hiroshi Yuki Ahmed Fatima Chinedu Ngozi Olga Dmitri Seo-yeon Minh",
}
LAST = {
    "US": "Smith Johnson Williams Brown Garcia Miller Davis Rodriguez Washington Nguyen Kowalski Patel",
    "GB": "Taylor Evans Thomas Roberts Walker Wright Hughes Edwards O'Brien MacLeod Khan Davies",
    "IN": "Sharma Verma Gupta Iyer Reddy Nair Mehta Kapoor Singh Banerjee",
    "FR": "Martin Bernard Dubois Thomas Robert Petit Durand Leroy Moreau Lefèvre Girard Mercier",
    "DE": "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann Schäfer Yılmaz Koch",
    "ES": "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Ruiz",
    "IT": "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco",
    "PT": "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa Fernandes",
    "NL": "de Jong Jansen de Vries van den Berg van Dijk Bakker Visser Smit Meijer de Boer",
    "X": "Wang Li Tanaka Suzuki Hassan Ali Okafor Adeyemi Ivanova Petrov Kim Tran",
}
LAST["NL"] = "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Visser|Smit|Meijer|de Boer"
_REGION_NAMES = {"AT": "DE", "CH": "DE", "BE": "NL"}

STREETS = {
    "US": ["{n} {w} Street", "{n} {w} Avenue", "{n} {w} Blvd Suite {u}", "{n} {w} Road", "{n} {w} Drive Apt {u}"],
    "GB": ["{n} {w} Road", "{n} High Street", "Flat {u}, {n} {w} Lane", "{n} {w} Close"],
    "IN": ["{n}, {w} Road", "Plot {n}, {w} Nagar", "{n} MG Road"],
    "FR": ["{n} rue de la {fw}", "{n} avenue {fw}", "{n} boulevard {fw}", "{n} bis rue {fw}"],
    "DE": ["{dw}straße {n}", "{dw}weg {n}", "{dw}allee {n}a", "Am {dw}platz {n}"],
    "ES": ["Calle {sw} {n}", "Avda. de {sw} {n}", "C/ {sw} {n}, {u}º", "Paseo de {sw} {n}"],
    "IT": ["Via {iw} {n}", "Corso {iw} {n}", "Piazza {iw} {n}", "Viale {iw} {n}"],
    "PT": ["Rua {pw} {n}", "Avenida {pw} {n}", "Rua {pw}, n.º {n}", "Travessa {pw} {n}"],
    "NL": ["{nw}straat {n}", "{nw}laan {n}", "{nw}gracht {n}", "{nw}weg {n}-{u}"],
}
WORDS = {
    "w": "Oak Maple Cedar Pine Elm Washington Lincoln Park Lake Hill Main Church Market Mill".split(),
    "fw": "Paix République Victor Hugo Gambetta Jean Jaurès Liberté Gare Pasteur Foch".split(),
    "dw": "Haupt Bahnhof Schiller Goethe Linden Berg Garten Kirch Mozart Rosen".split(),
    "sw": "Mayor Alcalá Gran Vía Serrano Colón Valencia Goya Sol Castilla".split(),
    "iw": "Roma Garibaldi Mazzini Dante Verdi Cavour Manzoni Marconi Veneto".split(),
    "pw": "Augusta Liberdade Carmo Almirante Reis Flores Boavista Santa Catarina".split(),
    "nw": "Keizers Heren Prinsen Kerk Molen Dorps Stations Linden Beuk Wilhelmina".split(),
}
CITIES = {
    "US": [
        ("Springfield", "IL", "62704"),
        ("Phoenix", "AZ", "85007"),
        ("Austin", "TX", "78701"),
        ("Portland", "OR", "97205"),
        ("Columbus", "OH", "43215"),
        ("Albany", "NY", "12207"),
        ("Denver", "CO", "80202"),
        ("Miami", "FL", "33130"),
    ],
    "GB": [
        ("London", "", "SW1A 1AA"),
        ("Manchester", "", "M1 4BT"),
        ("Leeds", "", "LS1 5DL"),
        ("Bristol", "", "BS1 6QH"),
        ("Glasgow", "", "G2 1DY"),
    ],
    "IN": [
        ("Bengaluru", "KA", "560001"),
        ("Mumbai", "MH", "400001"),
        ("Pune", "MH", "411001"),
        ("Chennai", "TN", "600002"),
    ],
    "FR": [
        ("Paris", "", "75002"),
        ("Lyon", "", "69003"),
        ("Marseille", "", "13001"),
        ("Toulouse", "", "31000"),
        ("Lille", "", "59000"),
    ],
    "BE": [("Bruxelles", "", "1000"), ("Antwerpen", "", "2000"), ("Gent", "", "9000"), ("Liège", "", "4000")],
    "DE": [
        ("Berlin", "", "10115"),
        ("München", "", "80331"),
        ("Hamburg", "", "20095"),
        ("Köln", "", "50667"),
        ("Leipzig", "", "04109"),
    ],
    "AT": [("Wien", "", "1010"), ("Graz", "", "8010"), ("Linz", "", "4020")],
    "CH": [("Zürich", "", "8001"), ("Bern", "", "3011"), ("Basel", "", "4051")],
    "ES": [("Madrid", "", "28013"), ("Barcelona", "", "08002"), ("Valencia", "", "46002"), ("Sevilla", "", "41001")],
    "IT": [("Roma", "RM", "00184"), ("Milano", "MI", "20121"), ("Torino", "TO", "10121"), ("Napoli", "NA", "80133")],
    "PT": [
        ("Lisboa", "", "1100-053"),
        ("Porto", "", "4000-322"),
        ("Braga", "", "4700-435"),
        ("Coimbra", "", "3000-123"),
    ],
    "NL": [
        ("Amsterdam", "", "1015 CJ"),
        ("Rotterdam", "", "3011 AD"),
        ("Utrecht", "", "3511 LX"),
        ("Den Haag", "", "2511 BT"),
    ],
}
COUNTRY = {
    "US": "USA",
    "GB": "United Kingdom",
    "IN": "India",
    "FR": "France",
    "BE": "Belgique",
    "DE": "Deutschland",
    "AT": "Österreich",
    "CH": "Schweiz",
    "ES": "España",
    "IT": "Italia",
    "PT": "Portugal",
    "NL": "Nederland",
}
SUFFIX = {
    "US": "Inc.|LLC|Corp.|Co.",
    "GB": "Ltd|PLC|& Sons Ltd",
    "IN": "Pvt. Ltd.|Enterprises|Traders",
    "FR": "SARL|SAS|SA",
    "BE": "SPRL|BV|NV",
    "DE": "GmbH|AG|GmbH & Co. KG|e.K.",
    "AT": "GmbH|AG",
    "CH": "AG|GmbH|SA",
    "ES": "S.L.|S.A.|S.L.U.",
    "IT": "S.r.l.|S.p.A.|S.n.c.",
    "PT": "Lda.|S.A.|Unipessoal Lda.",
    "NL": "B.V.|N.V.|V.O.F.",
}
TRADES = (
    "Consulting|Logistics|Solutions|Technologies|Trading|Systems|Services|Design|Foods|Industries|Engineering|"
    "Media|Supplies|Energy|Pharma|Textiles"
).split("|")
BRANDS = "Nordwind|Altamira|Bluepeak|Cobalt|Helios|Lumen|Orion|Vertex|Zenith|Aurora|Kestrel|Meridian|Sapphire|Tamarind".split(
    "|"
)


@dataclass
class Address:
    """An address as printed lines plus its parts (as the extractor's Address fields name them)."""

    lines: list[str]
    parts: dict[str, str]  # street, city, state, postal_code, country -> printed text
    spans: list[list[tuple[str, str | None]]]  # per line, (text, part name) pieces


def person(rng: random.Random, loc: Locale) -> tuple[str, str]:
    """(first, last) from the page's region, or from elsewhere one time in five."""
    region = "X" if rng.random() < 0.2 else _REGION_NAMES.get(loc.region, loc.region)
    first = rng.choice(FIRST[region].split())
    lasts = LAST[region].split("|") if "|" in LAST[region] else LAST[region].split()
    return first, rng.choice(lasts)


def company(rng: random.Random, loc: Locale) -> str:
    suffix = rng.choice(SUFFIX[loc.region].split("|"))
    shape = rng.randrange(3)
    if shape == 0:
        return f"{rng.choice(BRANDS)} {rng.choice(TRADES)} {suffix}"
    if shape == 1:
        return f"{person(rng, loc)[1]} {rng.choice(TRADES)} {suffix}"
    return f"{rng.choice(BRANDS)}{rng.choice(['', ' ' + rng.choice(TRADES)])} {suffix}"


def address(rng: random.Random, loc: Locale, country: bool | None = None) -> Address:
    region = loc.region
    pattern = rng.choice(
        STREETS[{"AT": "DE", "CH": "DE", "BE": "FR" if loc.lang == "fr" else "NL"}.get(region, region)]
    )
    street = pattern.format(n=rng.randint(1, 980), u=rng.randint(1, 40), **{k: rng.choice(v) for k, v in WORDS.items()})
    city, state, postal = rng.choice(CITIES[region])
    parts = {"street": street, "city": city, "postal_code": postal}
    spans = [[(street, "street")]]
    if region == "US":
        spans.append([(city, "city"), (", ", None), (state, "state"), (" ", None), (postal, "postal_code")])
        parts["state"] = state
    elif region in ("GB",):
        spans += (
            [[(city, "city")], [(postal, "postal_code")]]
            if rng.random() < 0.5
            else [[(city, "city"), (" ", None), (postal, "postal_code")]]
        )
    elif region == "IN":
        spans.append([(city, "city"), (" - ", None), (postal, "postal_code"), (", ", None), (state, "state")])
        parts["state"] = state
    elif region == "IT":
        spans.append([(postal, "postal_code"), (" ", None), (city, "city"), (" ", None), (f"({state})", None)])
    else:
        spans.append([(postal, "postal_code"), (" ", None), (city, "city")])
    if country if country is not None else rng.random() < 0.3:
        spans.append([(COUNTRY[region], "country")])
        parts["country"] = COUNTRY[region]
    return Address(["".join(t for t, _ in line) for line in spans], parts, spans)


def phone(rng: random.Random, loc: Locale) -> str:
    d = lambda k: "".join(rng.choice(string.digits) for _ in range(k))  # noqa: E731
    r = loc.region
    if r == "US":
        return rng.choice(
            [f"({d(3)}) {d(3)}-{d(4)}", f"+1 {d(3)}-{d(3)}-{d(4)}", f"{d(3)}.{d(3)}.{d(4)}", f"1-800-{d(3)}-{d(4)}"]
        )
    if r == "GB":
        return rng.choice([f"+44 20 {d(4)} {d(4)}", f"0161 {d(3)} {d(4)}", f"07{d(3)} {d(6)}"])
    if r == "IN":
        return rng.choice([f"+91 {d(5)} {d(5)}", f"080-{d(8)}"])
    if r in ("FR", "BE"):
        return rng.choice(
            [
                f"0{rng.randint(1, 9)} {d(2)} {d(2)} {d(2)} {d(2)}",
                f"+33 {rng.randint(1, 9)} {d(2)} {d(2)} {d(2)} {d(2)}",
            ]
        )
    if r in ("DE", "AT", "CH"):
        return rng.choice([f"+49 {d(2)} {d(7)}", f"0{d(3)} {d(6)}", f"+49 (0){d(2)} {d(4)}-{d(2)}"])
    if r == "ES":
        return rng.choice([f"+34 9{d(2)} {d(3)} {d(3)}", f"9{d(2)} {d(2)} {d(2)} {d(2)}"])
    if r == "IT":
        return rng.choice([f"+39 0{d(1)} {d(4)} {d(4)}", f"0{d(2)} {d(7)}"])
    if r == "PT":
        return rng.choice([f"+351 2{d(1)} {d(3)} {d(4)}", f"2{d(2)} {d(3)} {d(3)}"])
    return rng.choice([f"+31 {d(2)} {d(3)} {d(4)}", f"0{d(2)}-{d(7)}"])


def tax_id(rng: random.Random, loc: Locale) -> tuple[str, str]:
    """(label, id): the page region's VAT / tax registration number as printed."""
    d = lambda k: "".join(rng.choice(string.digits) for _ in range(k))  # noqa: E731
    up = lambda k: "".join(rng.choice(string.ascii_uppercase) for _ in range(k))  # noqa: E731
    r = loc.region
    options = {
        "US": [("EIN", f"{d(2)}-{d(7)}"), ("TIN", f"{d(2)}-{d(7)}"), ("Tax ID", f"{d(2)}-{d(7)}")],
        "GB": [("VAT Reg. No.", f"GB {d(3)} {d(4)} {d(2)}"), ("VAT No", f"GB{d(9)}")],
        "IN": [("GSTIN", f"{d(2)}{up(5)}{d(4)}{up(1)}1Z{rng.choice(string.digits)}"), ("PAN", f"{up(5)}{d(4)}{up(1)}")],
        "FR": [
            ("N° TVA", f"FR{d(11)}"),
            ("TVA Intracom.", f"FR {d(2)} {d(9)}"),
        ],
        "BE": [("TVA", f"BE0{d(9)}"), ("BTW", f"BE 0{d(3)}.{d(3)}.{d(3)}")],
        "DE": [("USt-IdNr.", f"DE{d(9)}"), ("Steuernummer", f"{d(2)}/{d(3)}/{d(5)}")],
        "AT": [("UID", f"ATU{d(8)}")],
        "CH": [("MWST-Nr.", f"CHE-{d(3)}.{d(3)}.{d(3)} MWST")],
        "ES": [("NIF", f"B{d(8)}"), ("CIF", f"A{d(8)}"), ("NIF", f"ES{d(8)}{up(1)}")],
        "IT": [
            ("P.IVA", f"IT{d(11)}"),
            ("Partita IVA", d(11)),
            ("C.F.", f"{up(6)}{d(2)}{up(1)}{d(2)}{up(1)}{d(3)}{up(1)}"),
        ],
        "PT": [("NIF", f"PT{d(9)}"), ("NIPC", d(9))],
        "NL": [("BTW-nr.", f"NL{d(9)}B01"), ("Btw-id", f"NL{d(9)}B0{rng.randint(1, 9)}")],
    }[r]
    return rng.choice(options)


def registration(rng: random.Random, loc: Locale) -> tuple[str, str]:
    """(label, number): a company registration number (not a tax id) as printed in the region."""
    d = lambda k: "".join(rng.choice(string.digits) for _ in range(k))  # noqa: E731
    return rng.choice(
        {
            "US": [("DUNS", f"{d(2)}-{d(3)}-{d(4)}"), ("Reg. No.", d(8))],
            "GB": [("Company No", d(8)), ("Registered in England No.", d(8))],
            "IN": [("CIN", f"U{d(5)}KA{d(4)}PTC{d(6)}"), ("Reg. No.", d(10))],
            "FR": [("SIRET", f"{d(3)} {d(3)} {d(3)} {d(5)}"), ("RCS Paris", f"{d(3)} {d(3)} {d(3)}")],
            "BE": [("RPM", f"0{d(3)}.{d(3)}.{d(3)}"), ("KBO", f"0{d(3)}.{d(3)}.{d(3)}")],
            "DE": [("HRB", d(5)), ("Amtsgericht HRB", d(6))],
            "AT": [("FN", f"{d(6)}a")],
            "CH": [("CH-ID", f"CH-{d(3)}.{d(1)}.{d(3)}.{d(3)}-{d(1)}")],
            "ES": [("Reg. Merc. Madrid, Tomo", d(5)), ("Inscrita RM, Hoja", f"M-{d(6)}")],
            "IT": [("REA", f"MI-{d(7)}"), ("Cap. Soc. i.v. - REA", f"RM {d(6)}")],
            "PT": [("CRC Lisboa n.º", d(9)), ("Matrícula", d(9))],
            "NL": [("KvK", d(8)), ("KvK-nummer", d(8))],
        }[loc.region]
    )


def ident(rng: random.Random, kind: str) -> str:
    """An id with letters and digits in a shape that suits `kind` (invoice, order, customer, ...)."""
    d = lambda k: "".join(rng.choice(string.digits) for _ in range(k))  # noqa: E731
    up = lambda k: "".join(rng.choice(string.ascii_uppercase) for _ in range(k))  # noqa: E731
    y = rng.randint(2019, 2026)
    shapes = {
        "invoice_number": [
            f"INV-{y}-{d(4)}",
            f"FA{y}-{d(5)}",
            f"RE-{d(6)}",
            f"{y}/{d(4)}",
            f"F-{d(5)}",
            f"{up(2)}{d(7)}",
        ],
        "order_number": [f"PO-{d(5)}", f"ORD-{d(7)}", f"{d(3)}-{d(7)}-{d(7)}", f"BE{d(6)}", f"SO{d(6)}"],
        "customer_number": [f"CUST-{d(5)}", f"KD{d(6)}", f"C{d(5)}", f"{d(3)}-{d(4)}", f"CL-{up(2)}{d(4)}"],
        "account_number": [f"{d(4)}-{d(4)}-{d(4)}", f"****{d(4)}", f"{d(10)}", f"{d(3)}-{d(6)}-{d(2)}"],
        "reference_number": [f"REF-{d(6)}", f"{up(3)}/{d(4)}/{y}", f"{d(12)}"],
        "policy_number": [f"POL-{d(4)}-{d(4)}", f"{up(2)}{d(8)}", f"{d(3)}.{d(3)}.{d(3)}"],
        "member_id": [f"{up(3)}{d(9)}", f"M{d(8)}", f"{d(3)}-{d(3)}-{d(3)}"],
        "receipt_number": [f"{d(4)}-{d(3)}-{d(4)}", f"#{d(5)}", f"{d(6)}", f"T{d(7)}"],
        "passport_number": [f"{up(2)}{d(7)}", f"{up(1)}{d(8)}", f"{d(9)}", f"C{up(1)}{d(2)}{up(1)}{d(4)}"],
        "meter_number": [f"{d(8)}", f"M-{d(7)}", f"{up(2)}{d(6)}"],
    }
    return rng.choice(shapes[kind])


def iban(rng: random.Random, loc: Locale) -> str:
    d = lambda k: "".join(rng.choice(string.digits) for _ in range(k))  # noqa: E731
    cc = {"US": "DE", "IN": "GB", "CH": "CH", "AT": "AT"}.get(loc.region, loc.region)
    raw = f"{cc}{d(2)}{d(18 if cc != 'NL' else 14)}" if cc != "NL" else f"NL{d(2)}ABNA{d(10)}"
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def long_number(rng: random.Random) -> str:
    return str(rng.randint(1, 9)) + "".join(rng.choice(string.digits) for _ in range(rng.randint(10, 14)))


def ascii_fold(s: str) -> str:
    """'Müller' -> 'Muller', 'Straße' -> 'Strasse'."""
    s = s.replace("ß", "ss").replace("ı", "i")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


TLD = {
    "US": "com",
    "GB": "co.uk",
    "IN": "in",
    "FR": "fr",
    "BE": "be",
    "DE": "de",
    "AT": "at",
    "CH": "ch",
    "ES": "es",
    "IT": "it",
    "PT": "pt",
    "NL": "nl",
}


def email(rng: random.Random, first: str, last: str, org: str, region: str = "US") -> str:
    dom = "".join(c for c in ascii_fold(org.split()[0]).lower() if c.isalnum()) or "mail"
    user = rng.choice([f"{first}.{last}", first, "info", "billing", "contact", f"{first[0]}{last}"])
    user = "".join(c for c in ascii_fold(user).lower() if c.isalnum() or c == ".")
    return f"{user}@{dom}.{TLD[region] if rng.random() < 0.7 else rng.choice(['com', 'net', 'eu'])}"


ITEMS = {
    "en": "Consulting hours|Office chair|Printer paper A4|USB-C cable|Software licence|Maintenance fee|Desk lamp|Web hosting (annual)|Installation|Toner cartridge",
    "fr": "Heures de conseil|Chaise de bureau|Ramette papier A4|Câble USB-C|Licence logiciel|Frais de maintenance|Lampe de bureau|Hébergement web|Installation",
    "de": "Beratungsstunden|Bürostuhl|Druckerpapier A4|USB-C Kabel|Softwarelizenz|Wartungspauschale|Schreibtischlampe|Webhosting (jährlich)|Montage",
    "es": "Horas de consultoría|Silla de oficina|Papel A4|Cable USB-C|Licencia de software|Cuota de mantenimiento|Lámpara de escritorio|Alojamiento web",
    "it": "Ore di consulenza|Sedia da ufficio|Carta A4|Cavo USB-C|Licenza software|Canone manutenzione|Lampada da scrivania|Hosting web",
    "pt": "Horas de consultoria|Cadeira de escritório|Papel A4|Cabo USB-C|Licença de software|Taxa de manutenção|Candeeiro de secretária",
    "nl": "Advieswerk uren|Bureaustoel|Printpapier A4|USB-C kabel|Softwarelicentie|Onderhoudskosten|Bureaulamp|Webhosting (jaar)",
}
ITEMS = {k: v.split("|") for k, v in ITEMS.items()}
