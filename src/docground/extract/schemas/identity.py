"""Identity documents -> models: US driver's licence (AAMVA), ICAO passport, US passport."""

from __future__ import annotations

from datetime import date

from .base import Schema, Sex, USAddress, field


class USDriversLicense(Schema):
    """US driver's licence or state ID (AAMVA card): holder, address, dates, class, physical description."""

    issuing_state: str | None = field(
        "Two-letter code of the issuing state, read from the card header (e.g. 'ARIZONA' -> 'AZ')")
    license_number: str | None = field(
        "Licence number, AAMVA field 4d, printed after '4d DLN' / 'DL' / 'LIC#'",
        "4d DLN", "4d", "DLN", "DL", "DL#", "LIC#", "License No", "Lic No")
    full_name: str | None = field("Holder's full name as printed, given names then family name")
    first_name: str | None = field(
        "Holder's first given name, AAMVA field 2 (given names, printed after '2' or 'FN')", "2", "FN", "First Name")
    middle_name: str | None = field(
        "Holder's middle name or initial, the rest of AAMVA field 2 after the first name", "Middle Name")
    last_name: str | None = field(
        "Holder's family name, AAMVA field 1 (printed after '1' or 'LN')", "1", "LN", "Last Name", "Family Name")
    address: USAddress | None = field(
        "Holder's address, AAMVA field 8 (printed after '8'), street line then 'CITY, ST ZIP'",
        "8", "ADDRESS", "ADD")
    date_of_birth: date | None = field(
        "Date of birth, AAMVA field 3, printed 'MM/DD/YYYY' after '3 DOB'", "3 DOB", "DOB", "Date of Birth")
    gender: Sex | None = field("Sex, AAMVA field 15, 'M', 'F' or 'X', after '15 SEX'", "15 SEX", "SEX")
    height: str | None = field(
        "Height, AAMVA field 16, feet and inches as printed (e.g. 5'-09\" or 5-09)", "16 HGT", "HGT", "HT")
    weight: float | None = field("Weight in pounds, AAMVA field 17 (e.g. '185 lb' -> 185)", "17 WGT", "WGT", "WT")
    eye_color: str | None = field("Eye colour code, AAMVA field 18 (BRO, BLU, GRN, HAZ...)", "18 EYES", "EYES", "EYE")
    hair_color: str | None = field("Hair colour code, AAMVA field 19 (BRO, BLK, BLN, GRY...)", "19 HAIR", "HAIR")
    issue_date: date | None = field(
        "Issue date, AAMVA field 4a, printed 'MM/DD/YYYY' after '4a ISS'", "4a ISS", "ISS", "Issued")
    expiration_date: date | None = field(
        "Expiration date, AAMVA field 4b, printed 'MM/DD/YYYY' after '4b EXP'", "4b EXP", "EXP", "Expires")
    license_class: str | None = field(
        "Licence class, AAMVA field 9 (e.g. 'D', 'C', 'CM'), after '9 CLASS'", "9 CLASS", "CLASS")
    endorsements: str | None = field("Endorsement codes, AAMVA field 9a, or 'NONE'", "9a END", "END")
    restrictions: str | None = field("Restriction codes, AAMVA field 12, or 'NONE'", "12 REST", "REST", "RSTR")
    document_discriminator: str | None = field(
        "Document discriminator, AAMVA field 5, after '5 DD'", "5 DD", "DD")
    donor: bool | None = field("True when the card marks the holder as an organ donor (word 'DONOR' or a heart)",
                               "DONOR")
    veteran: bool | None = field("True when the card carries the 'VETERAN' designation", "VETERAN")


class Passport(Schema):
    """Passport data page (ICAO 9303, any country): holder, document number, dates and the two MRZ lines."""

    document_type: str | None = field("Document type code, usually 'P' (or 'PP', 'PD'...)", "Type")
    issuing_country: str | None = field(
        "Three-letter ICAO code of the issuing state (e.g. 'USA', 'GBR', 'D' for Germany)",
        "Code", "Code of Issuing State", "Country Code")
    passport_number: str | None = field(
        "Passport number (up to 9 characters)", "Passport No", "Passport Number", "Document No", "No")
    surname: str | None = field("Holder's surname (primary identifier)", "Surname", "Family Name", "Name")
    given_names: str | None = field("Holder's given names (secondary identifier)", "Given Names", "Given Name",
                                    "Forenames")
    nationality: str | None = field("Holder's nationality as printed, or its 3-letter code", "Nationality")
    date_of_birth: date | None = field("Date of birth (e.g. '15 MAR 1985')", "Date of Birth", "Birth Date")
    sex: Sex | None = field("Sex: 'M', 'F' or 'X' ('<' in the MRZ)", "Sex")
    place_of_birth: str | None = field("Place of birth (city and/or country)", "Place of Birth")
    issue_date: date | None = field("Date of issue", "Date of Issue", "Issued")
    expiration_date: date | None = field("Date of expiry", "Date of Expiry", "Date of Expiration", "Expiry")
    issuing_authority: str | None = field("Authority that issued the passport", "Authority", "Issuing Authority")
    personal_number: str | None = field(
        "Optional personal (national identity) number, from the page or MRZ line 2", "Personal No",
        "Personal Number")
    mrz_line1: str | None = field(
        "First machine-readable-zone line: 44 characters starting 'P<' then country and names")
    mrz_line2: str | None = field(
        "Second machine-readable-zone line: 44 characters: number, nationality, birth date, sex, expiry")


class USPassport(Schema):
    """US passport data page: holder, document number, dates, authority and the MRZ."""

    document_type: str | None = field("Document type code, 'P' on a passport book", "Type")
    issuing_country: str | None = field("Issuing state code, 'USA'", "Code")
    document_id: str | None = field(
        "Passport number (9 characters, e.g. '567123456' or 'A12345678')", "Passport No", "Passport Number")
    family_name: str | None = field("Holder's surname", "Surname")
    given_names: str | None = field("Holder's given names (first and middle)", "Given Names")
    nationality: str | None = field("Nationality, normally 'UNITED STATES OF AMERICA'", "Nationality")
    date_of_birth: date | None = field("Date of birth (e.g. '15 Mar 1985')", "Date of Birth")
    place_of_birth: str | None = field("Place of birth: US state or foreign country", "Place of Birth")
    sex: Sex | None = field("Sex: 'M', 'F' or 'X'", "Sex")
    issue_date: date | None = field("Date of issue", "Date of Issue")
    expiration_date: date | None = field("Date of expiration", "Date of Expiration")
    authority: str | None = field("Issuing authority, e.g. 'United States Department of State'", "Authority")
    place_of_issue: str | None = field("Place of issue (older passports), e.g. 'NATIONAL PASSPORT CENTER'",
                                       "Place of Issue")
    endorsements: str | None = field("Endorsements text, or 'SEE PAGE 27'", "Endorsements")
    mrz_code: str | None = field("The two machine-readable-zone lines, joined by a newline")
