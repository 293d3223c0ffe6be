"""IRS Form W-2 -> a model with VLM Run's `accounting.form-w2` field names."""

from __future__ import annotations

from .base import Schema, USAddress, field


class W2Form(Schema):
    """Form W-2 (Wage and Tax Statement): employer, employee, wages and withholding boxes."""

    form_year: int | None = field("Tax year, printed large near the form title (e.g. 2023)")
    ssn: str | None = field("Employee's social security number, box a ('123-45-6789')",
                            "a Employee's social security number", "Employee's social security number", "SSN")
    ein: str | None = field("Employer identification number, box b ('12-3456789')",
                            "b Employer identification number (EIN)", "Employer identification number", "EIN")
    employer_name: str | None = field("Employer's name, first line of box c",
                                      "c Employer's name, address, and ZIP code")
    employer_address: USAddress | None = field("Employer's address, rest of box c",
                                               "c Employer's name, address, and ZIP code")
    control_number: str | None = field("Control number, box d", "d Control number", "Control number")
    employee_name: str | None = field("Employee's full name, box e",
                                      "e Employee's first name and initial", "Employee's name")
    employee_address: USAddress | None = field("Employee's address, box f", "f Employee's address and ZIP code")
    wages_tips_other_compensation: float | None = field("Box 1 amount", "1 Wages, tips, other compensation",
                                                        "Wages, tips, other compensation")
    federal_income_tax_withheld: float | None = field("Box 2 amount", "2 Federal income tax withheld",
                                                      "Federal income tax withheld")
    social_security_wages: float | None = field("Box 3 amount", "3 Social security wages", "Social security wages")
    social_security_tax_withheld: float | None = field("Box 4 amount", "4 Social security tax withheld",
                                                       "Social security tax withheld")
    medicare_wages_and_tips: float | None = field("Box 5 amount", "5 Medicare wages and tips",
                                                  "Medicare wages and tips")
    medicare_tax_withheld: float | None = field("Box 6 amount", "6 Medicare tax withheld", "Medicare tax withheld")
    social_security_tips: float | None = field("Box 7 amount", "7 Social security tips", "Social security tips")
    allocated_tips: float | None = field("Box 8 amount", "8 Allocated tips", "Allocated tips")
    dependent_care_benefits: float | None = field("Box 10 amount", "10 Dependent care benefits",
                                                  "Dependent care benefits")
    nonqualified_plans: float | None = field("Box 11 amount", "11 Nonqualified plans", "Nonqualified plans")
    a_code: str | None = field("Box 12a code letter(s) (e.g. 'D', 'DD')", "12a")
    a_value: float | None = field("Box 12a amount", "12a")
    b_code: str | None = field("Box 12b code letter(s)", "12b")
    b_value: float | None = field("Box 12b amount", "12b")
    c_code: str | None = field("Box 12c code letter(s)", "12c")
    c_value: float | None = field("Box 12c amount", "12c")
    d_code: str | None = field("Box 12d code letter(s)", "12d")
    d_value: float | None = field("Box 12d amount", "12d")
    statutory_employee: bool | None = field("Box 13 'Statutory employee' checkbox is ticked", "Statutory employee")
    retirement_plan: bool | None = field("Box 13 'Retirement plan' checkbox is ticked", "Retirement plan")
    third_party_sick_pay: bool | None = field("Box 13 'Third-party sick pay' checkbox is ticked",
                                              "Third-party sick pay")
    other: str | None = field("Box 14 'Other' text (e.g. 'SDI 123.45')", "14 Other")
    state: str | None = field("Box 15 two-letter state code", "15 State")
    employers_state_id_number: str | None = field("Box 15 employer's state ID number",
                                                  "Employer's state ID number")
    state_wages: float | None = field("Box 16 amount", "16 State wages, tips, etc.", "State wages, tips, etc.")
    state_income_tax_withheld: float | None = field("Box 17 amount", "17 State income tax", "State income tax")
    local_wages: float | None = field("Box 18 amount", "18 Local wages, tips, etc.", "Local wages, tips, etc.")
    local_income_tax_withheld: float | None = field("Box 19 amount", "19 Local income tax", "Local income tax")
    locality_name: str | None = field("Box 20 locality name", "20 Locality name", "Locality name")
