"""Medical insurance cards -> a model with VLM Run's `healthcare.medical-insurance-card` layout."""

from __future__ import annotations

from .base import Schema, field


class ProviderService(Schema):
    """Provider-facing numbers printed on the card (usually the back)."""

    provider_service_number: str | None = field("Phone number for providers", "Providers", "Provider Services")
    precertification_number: str | None = field("Phone number for pre-certification / prior authorization",
                                                "Precertification", "Pre-cert", "Prior Authorization")


class MemberInformation(Schema):
    """Who is covered: member name, ID and group."""

    member_name: str | None = field("Member (subscriber) name", "Member", "Member Name", "Name", "Subscriber")
    member_id: str | None = field("Member ID (e.g. 'XYZ123456789')", "Member ID", "ID", "ID #", "Subscriber ID",
                                  "Identification Number")
    group_number: str | None = field("Group number", "Group", "Group #", "Group No", "GRP")


class PharmacyPlan(Schema):
    """Pharmacy benefit routing codes."""

    rx_bin: str | None = field("Pharmacy BIN, 6 digits", "RxBIN", "BIN")
    rx_pcn: str | None = field("Processor control number", "RxPCN", "PCN")
    rx_grp: str | None = field("Pharmacy group", "RxGRP", "RxGroup")
    pharmacy_help_desk: str | None = field("Pharmacist help-desk phone number", "Pharmacy Help Desk",
                                           "Pharmacist Use Only")


class InsuranceProvider(Schema):
    """The insurer, its plan and network."""

    provider_name: str | None = field("Insurer name (e.g. 'Blue Cross Blue Shield'), usually the logo text")
    plan_name: str | None = field("Plan or product name (e.g. 'PPO Gold')", "Plan", "Plan Name", "Product")
    network: str | None = field("Network name", "Network")


class Coverage(Schema):
    """Copays as printed (e.g. '$25', '20%')."""

    office_visit: str | None = field("Primary-care / office-visit copay", "PCP", "Office Visit", "Primary Care")
    specialist_visit: str | None = field("Specialist copay", "Specialist", "SPC", "SPEC")
    urgent_care: str | None = field("Urgent-care copay", "Urgent Care", "UC")
    emergency_room: str | None = field("Emergency-room copay", "ER", "Emergency Room", "Emergency")
    inpatient_hospital: str | None = field("Inpatient hospital copay or coinsurance", "Inpatient", "Hospital")


class MedicalInsuranceCard(Schema):
    """Medical insurance card: insurer, member, group, pharmacy codes and copays."""

    provider_service: ProviderService | None = field("Provider-facing phone numbers")
    member_information: MemberInformation | None = field("Member name, ID and group")
    pharmacy_plan: PharmacyPlan | None = field("Pharmacy codes (RxBIN, RxPCN, RxGRP)")
    insurance_provider: InsuranceProvider | None = field("Insurer, plan and network")
    coverage: Coverage | None = field("Copays by service")
