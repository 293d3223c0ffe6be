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


MRZ_LINES = ("First machine-readable-zone line, as read (check digits verified)",
             "Second machine-readable-zone line", "Third machine-readable-zone line (TD1 cards)")


class DriversLicense(Schema):
    """Driving licence of any country (EU model fields 1-9, UK, AAMVA US/Canada, India...): holder, number, dates, categories."""

    issuing_country: str | None = field("Issuing country, as printed or its code (e.g. 'F', 'D', 'UK', 'USA')")
    issuing_state: str | None = field("State or province code for federal countries (e.g. 'AZ', 'ON')")
    license_number: str | None = field(
        "Licence number: EU field 5, AAMVA field 4d (DLN), UK field 5", "5.", "4d DLN", "DLN", "DL", "DL No",
        "Licence No", "License No", "Licence Number", "License Number", "DL No", "No")
    last_name: str | None = field("Holder's family name: EU/AAMVA field 1", "1.", "LN", "Surname", "Last Name", "Nom")
    first_name: str | None = field("Holder's given names: EU/AAMVA field 2", "2.", "FN", "First Name", "Given Names",
                                   "Prénoms")
    middle_name: str | None = field("Middle name or initial (AAMVA)", "Middle Name")
    full_name: str | None = field("Holder's full name, given names then family name", "Name")
    date_of_birth: date | None = field("Date of birth: EU field 3 (with the place), AAMVA field 3", "3.", "DOB",
                                       "Date of Birth")
    place_of_birth: str | None = field("Place of birth, EU field 3 after the date", "Place of Birth")
    issue_date: date | None = field("Issue date: EU/AAMVA field 4a", "4a.", "ISS", "Issued", "Date of Issue",
                                    "Issue Date", "DOI")
    expiration_date: date | None = field("Expiry date: EU/AAMVA field 4b", "4b.", "EXP", "Expires", "Valid Until",
                                         "Valid Till", "Validity")
    issuing_authority: str | None = field("Issuing authority: EU field 4c", "4c.", "Authority")
    administrative_number: str | None = field(
        "EU field 4d: personal or administrative number (AAMVA's 4d is the licence number)", "4d.")
    address: str | None = field("Holder's address: EU field 8, AAMVA field 8, as printed", "8.", "ADDRESS", "ADD")
    license_class: str | None = field("Categories or class: EU field 9 (e.g. 'AM/A1/B'), AAMVA field 9", "9.",
                                      "CLASS", "Categories")
    sex: Sex | None = field("Sex, 'M', 'F' or 'X' (AAMVA field 15)", "SEX", "15 SEX")
    height: str | None = field("Height as printed (AAMVA field 16)", "HGT", "16 HGT")
    weight: str | None = field("Weight as printed (AAMVA field 17)", "WGT", "17 WGT")
    eye_color: str | None = field("Eye colour code (AAMVA field 18)", "EYES", "18 EYES")
    hair_color: str | None = field("Hair colour code (AAMVA field 19)", "HAIR", "19 HAIR")
    restrictions: str | None = field("Restriction codes (AAMVA field 12, EU field 12)", "12.", "REST", "RSTR")
    endorsements: str | None = field("Endorsement codes (AAMVA field 9a)", "9a END", "END")
    document_discriminator: str | None = field("Document discriminator (AAMVA field 5)", "5 DD", "DD")


class IdCard(Schema):
    """National identity card (front and back, any country): holder, document number, dates, nationality and the MRZ."""

    document_type: str | None = field("Document type code from the MRZ ('I', 'ID', 'IR'...)")
    issuing_country: str | None = field("Three-letter ICAO code of the issuing state (e.g. 'FRA', 'D', 'ESP')")
    document_number: str | None = field(
        "Document (card) number", "Document No", "Document Number", "Card No", "N° du document", "No",
        "Ausweisnummer", "Numéro")
    surname: str | None = field("Holder's surname", "Surname", "Nom", "Name", "Apellidos", "Cognome")
    given_names: str | None = field("Holder's given names", "Given Names", "Prénoms", "Prénom(s)", "Vorname",
                                    "Nombre", "Nome")
    nationality: str | None = field("Nationality as printed, or its 3-letter code", "Nationality", "Nationalité")
    date_of_birth: date | None = field("Date of birth", "Date of Birth", "Date de naissance", "Né(e) le",
                                       "Geburtsdatum")
    place_of_birth: str | None = field("Place of birth", "Place of Birth", "Lieu de naissance", "Geburtsort")
    sex: Sex | None = field("Sex: 'M', 'F' or 'X'", "Sex", "Sexe")
    issue_date: date | None = field("Date of issue", "Date of Issue", "Date de délivrance", "Délivrée le")
    expiration_date: date | None = field("Date of expiry", "Date of Expiry", "Date d'expiration", "Valable jusqu'au",
                                         "Expiry")
    issuing_authority: str | None = field("Authority that issued the card", "Authority", "Issuing Authority",
                                          "Autorité")
    personal_number: str | None = field("Personal (national identification) number, printed or in the MRZ",
                                        "Personal No", "Personal Number")
    address: str | None = field("Holder's address as printed (often on the back)", "Address", "Adresse")
    height: str | None = field("Height as printed", "Height", "Taille")
    mrz_line1: str | None = field(MRZ_LINES[0])
    mrz_line2: str | None = field(MRZ_LINES[1])
    mrz_line3: str | None = field(MRZ_LINES[2])


class ResidencePermit(IdCard):
    """Residence permit card (ICAO TD1/TD2 or national format): holder, permit type, number, dates and the MRZ."""

    permit_type: str | None = field("Type or title of the permit as printed", "Type", "Type of Permit",
                                    "Permit Type", "Titre")
    remarks: str | None = field("Remarks or annotations as printed", "Remarks", "Observations")


class Visa(Schema):
    """Visa sticker (ICAO MRV-A/MRV-B or national): holder, visa number, validity, entries and the MRZ."""

    document_type: str | None = field("Document type code from the MRZ ('V' or 'VA'...)")
    issuing_country: str | None = field("Three-letter ICAO code of the issuing state")
    visa_number: str | None = field("Visa number", "Visa No", "Visa Number", "Number")
    surname: str | None = field("Holder's surname", "Surname", "Name")
    given_names: str | None = field("Holder's given names", "Given Names")
    nationality: str | None = field("Holder's nationality code", "Nationality")
    date_of_birth: date | None = field("Date of birth", "Date of Birth")
    sex: Sex | None = field("Sex: 'M', 'F' or 'X'", "Sex")
    passport_number: str | None = field("Number of the passport the visa is in", "Passport No", "Passport Number")
    visa_type: str | None = field("Type or category of the visa", "Type", "Visa Type", "Category")
    number_of_entries: str | None = field("Number of entries ('1', '2', 'MULT')", "Entries", "Number of Entries")
    duration_of_stay: str | None = field("Permitted duration of stay", "Duration of Stay", "Duration")
    valid_from: date | None = field("First day of validity", "Valid From", "From")
    expiration_date: date | None = field("Last day of validity", "Valid Until", "Until", "Expiry")
    issue_date: date | None = field("Date of issue", "Date of Issue", "Issued")
    place_of_issue: str | None = field("Place of issue", "Place of Issue", "Issued At")
    mrz_line1: str | None = field(MRZ_LINES[0])
    mrz_line2: str | None = field(MRZ_LINES[1])
