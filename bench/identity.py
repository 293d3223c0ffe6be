"""Identity documents: values right per field, how often each confidence level is right, and the
verification checks (passed on genuine documents, caught on tampered ones).

    PYTHONPATH=src python bench/identity.py [--mindee /work/shared/datasets/mindee_samples]

Runs on the shared Mindee identity samples (a French ID card, a UK passport, an Arizona licence)
and on documents drawn by tests/identity_synth.py (genuine and tampered).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.progress import track
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from docground.generate import predict  # noqa: E402

MINDEE = {  # doc id -> (domain, {our field: Mindee field}), expiry judged on a day the document was valid
    "idcard_fr_new": ("document.id-card", {"document_number": "document_number", "surname": "surname",
                                           "given_names": "given_names", "date_of_birth": "birth_date",
                                           "expiration_date": "expiry_date", "sex": "gender",
                                           "nationality": "nationality", "place_of_birth": "birth_place"},
                      "2025-01-01"),
    "passport_gbr": ("document.passport", {"passport_number": "id_number", "surname": "surname",
                                           "given_names": "given_names", "date_of_birth": "birth_date",
                                           "sex": "gender", "issuing_country": "country",
                                           "issue_date": "issuance_date", "mrz_line1": "mrz1", "mrz_line2": "mrz2",
                                           "place_of_birth": "birth_place"}, "2015-01-01"),
    "driver_license_us_az": ("document.drivers-license", {"license_number": "id", "last_name": "last_name",
                                                          "first_name": "first_name", "date_of_birth": "date_of_birth",
                                                          "expiration_date": "expiry_date", "issue_date": "issued_date",
                                                          "issuing_state": "state", "license_class": "category"},
                             "2015-01-01"),
}
# Mindee's passport_gbr says expiry 2057-04-22; its MRZ (check digits passing) says 170422: 2017. Not scored.


def norm(v) -> str:
    if isinstance(v, list):
        v = " ".join(str(x) for x in v)
    s = "".join(c for c in unicodedata.normalize("NFKD", str(v)) if not unicodedata.combining(c))
    return "".join(c for c in s.upper() if c.isalnum())


RANDOM = 6  # cards of made-up holders (each genuine and tampered)


def mindee_cases(root: Path) -> list[tuple]:
    out = []
    for doc_id, (domain, fields, as_of) in MINDEE.items():
        resp = json.loads((root / "responses" / f"{doc_id}.json").read_text())
        pred = resp["document"]["inference"]["prediction"]
        truth = {}
        for ours, theirs in fields.items():
            v = pred.get(theirs)
            v = [x.get("value") for x in v] if isinstance(v, list) else (v or {}).get("value")
            if v not in (None, [], ""):
                truth[ours] = v
        out.append((f"mindee/{doc_id}", root / "documents" / f"{doc_id}.jpg", domain, truth, as_of, set()))
    return out


def generated_cases(tmp: Path) -> list[tuple]:
    import identity_synth as S

    td1, td3 = S.make_td1(tmp / "td1.png"), S.make_td3(tmp / "td3.png")
    us, eu = S.make_us_licence(tmp / "us.png"), S.make_eu_licence(tmp / "eu.png")
    photo = S.make_photo(tmp / "photo.jpg", tmp / "back.png")
    bad_td1 = S.make_td1(tmp / "td1_tampered.png", printed_number="L898912C3")
    bad_birth = S.make_td1(tmp / "td1_birth.png", printed_birth="12.08.1979")
    bad_us = S.make_us_licence(tmp / "us_tampered.png", printed_number="D12345878")
    as_of = "2026-12-07"
    import random

    more = []
    for k in range(RANDOM):  # made-up holders: genuine, then one printed field tampered
        rng = random.Random(100 + k)
        c = S.random_identity(rng)
        fmt, domain = ("TD1", "document.id-card") if k % 2 == 0 else ("TD2", "document.residence-permit")
        sd = S.make_card(tmp / f"r{k}.png", c, fmt)
        more.append((f"gen/random-{fmt}-{k}", sd.path, domain, sd.values, as_of, set()))
        kind = ("document_number", "date_of_birth", "expiration_date")[k % 3]
        if kind == "document_number":
            i = next(j for j in range(1, 9) if c["number"][j].isdigit()) if any(x.isdigit() for x in c["number"][1:]) else 1
            new = c["number"][:i] + str((int(c["number"][i]) + 3) % 10 if c["number"][i].isdigit() else 7) + c["number"][i + 1:]
            bad = S.make_card(tmp / f"r{k}t.png", c, fmt, printed_number=new)
        elif kind == "date_of_birth":
            bad = S.make_card(tmp / f"r{k}t.png", c, fmt, printed_birth=S.dotted(c["birth"], 1901))
        else:
            bad = S.make_card(tmp / f"r{k}t.png", c, fmt, printed_expiry=S.dotted(c["expiry"], 2002))
        more.append((f"gen/random-{fmt}-{k}-tampered-{kind}", bad.path, domain, bad.values, as_of, {kind}))
    return more + [
        ("gen/td1-card", td1.path, "document.id-card", td1.values, as_of, set()),
        ("gen/td3-passport", td3.path, "document.passport", td3.values, as_of, set()),
        ("gen/us-licence", us.path, "document.drivers-license", us.values, as_of, set()),
        ("gen/eu-licence", eu.path, "document.drivers-license", eu.values, as_of, set()),
        ("gen/photo-25deg", photo.path, "document.id-card", photo.values, as_of, set()),
        ("gen/td1-tampered", bad_td1.path, "document.id-card", bad_td1.values, as_of, {"document_number"}),
        ("gen/td1-birth-tampered", bad_birth.path, "document.id-card", bad_birth.values, as_of, {"date_of_birth"}),
        ("gen/us-tampered", bad_us.path, "document.drivers-license", bad_us.values, as_of, {"license_number"}),
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mindee", default="/work/shared/datasets/mindee_samples")
    args = ap.parse_args()
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        cases = (mindee_cases(Path(args.mindee)) if Path(args.mindee).exists() else []) + generated_cases(Path(tmp))
        rows, levels, check_rows = [], Counter(), []
        for name, path, domain, truth, as_of, tampered in track(cases, description="identity documents"):
            p = predict(str(path), domain=domain, as_of=as_of)
            r = p["response"]
            right = 0
            for key, want in truth.items():
                got = r.get(key)
                ok = got is not None and norm(got) == norm(want)
                level = (r.get(f"{key}_metadata") or {}).get("confidence", "low") if got is not None else "null"
                if key not in tampered:
                    right += ok
                    levels[(level, ok)] += 1
            checks = r.get("verification", {}).get("checks", [])
            failed = [c["name"] for c in checks if not c["passed"]]
            should_fail = {c["name"] for c in checks if any(f in tampered for f in c["fields"]) and
                           c["name"].split(".")[0] in ("mrz_vs_printed", "barcode_vs_printed")}
            caught = [f for f in tampered if (r.get(f"{f}_metadata") or {}).get("confidence") == "low"
                      and any(f in c["fields"] and not c["passed"] for c in checks)]
            wrong_fail = [c for c in failed if c not in should_fail and c != "not_expired"]
            rows.append((name, f"{right}/{len(truth) - len(tampered & set(truth))}", len(checks),
                         ", ".join(failed) or "-", f"{len(caught)}/{len(tampered)}" if tampered else "-",
                         len(wrong_fail)))
            check_rows.append((bool(tampered), len(checks), len(wrong_fail), len(caught), len(tampered)))
    t = Table(title="Identity documents: per document")
    for col in ("document", "values right", "checks", "failed checks", "tampered caught", "genuine failing"):
        t.add_column(col)
    for row in rows:
        t.add_row(*map(str, row))
    console.print(t)
    lv = Table(title="Confidence levels: share right")
    for col in ("level", "fields", "right", "share right"):
        lv.add_column(col)
    for level in ("hi", "med", "low", "null"):
        n = levels[(level, True)] + levels[(level, False)]
        lv.add_row(level, str(n), str(levels[(level, True)]), f"{levels[(level, True)] / n:.0%}" if n else "-")
    console.print(lv)
    genuine = [c for c in check_rows if not c[0]]
    bad = [c for c in check_rows if c[0]]
    console.print(f"checks on genuine documents: {sum(c[1] for c in genuine)}, failing that should pass: "
                  f"{sum(c[2] for c in genuine)}; tampered fields caught: {sum(c[3] for c in bad)}/{sum(c[4] for c in bad)}")


if __name__ == "__main__":
    main()
