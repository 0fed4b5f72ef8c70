"""The DfE CSWW 2025 return: permissions, item order, code lists and the council's pay items."""

from enum import StrEnum


class CensusPermission(StrEnum):
    #: Produce the return: check it, set the pay items and download the files.
    PRODUCE = "census.produce"
    #: See the figures DfE will derive from the return.
    VIEW_SUMMARY = "census.view-summary"


#: The LALevel items, in the schema's order.
LA_ITEMS = (
    "NumberOfVacancies",
    "NoAgencyFTE",
    "NoAgencyHeadcount",
    "RecruitmentBonus",
    "RetentionBonus",
    "PerformanceAward",
    "CarAllowance",
    "RelocationPackage",
    "RegionalWeighting",
    "CostSWE",
    "CostDBS",
    "OtherAllowances",
)

#: The pay and incentive items (no, all or some LA-employed social workers eligible), with their questions.
PAY_ITEMS = {
    "RecruitmentBonus": "Recruitment bonus",
    "RetentionBonus": "Retention bonus",
    "PerformanceAward": "Performance award",
    "CarAllowance": "Car allowance",
    "RelocationPackage": "Relocation package",
    "RegionalWeighting": "Regional weighting",
    "CostSWE": "The council pays the Social Work England registration fee",
    "CostDBS": "The council pays for the DBS check",
}
NO_ALL_SOME = {"0": "No", "1": "Yes, all LA-employed social workers are eligible", "2": "Yes, some are eligible"}
OTHER_ALLOWANCES = "OtherAllowances"
#: Settings keys: census.<item>; None until HR sets them.
SETTING_PREFIX = "census."

#: CSWWWorker items, in the schema's order.
WORKER_ITEMS = (
    "AgencyWorker",
    "SWENo",
    "FTE",
    "PersonBirthDate",
    "Sex",
    "Ethnicity",
    "QualLevel",
    "StepUpGrad",
    "OrgRole",
    "RoleStartDate",
    "StartOrigin",
    "RoleEndDate",
    "LeaverDestination",
    "ReasonLeave",
    "FTE30",
    "Cases30",
    "WorkingDaysLost",
    "ContractWeeks",
    "FrontlineGrad",
    "Absat30Sept",
    "ReasonAbsence",
    "BaseSalary",
    "RRPayments",
    "OtherPayments",
)

#: The code lists of csww_schema_2025.xsd.
CODE_LISTS = {
    "AgencyWorker": {"0", "1"},
    "Sex": {"M", "F"},
    "Ethnicity": {
        "WBRI",
        "WIRI",
        "WOTH",
        "MWBC",
        "MWBA",
        "MWAS",
        "MOTH",
        "AIND",
        "APKN",
        "ABAN",
        "AOTH",
        "BCRB",
        "BAFR",
        "BOTH",
        "CHNE",
        "OOTH",
        "REFU",
        "NOBT",
    },  # fmt: skip
    "QualLevel": {"1", "2", "3"},
    "StepUpGrad": {"0", "1"},
    "FrontlineGrad": {"0", "1"},
    "Absat30Sept": {"0", "1"},
    "OrgRole": {str(code) for code in range(1, 7)},
    "StartOrigin": {str(code) for code in range(1, 11)},
    "LeaverDestination": {str(code) for code in range(1, 10)},
    "ReasonLeave": {str(code) for code in range(1, 11)},
    "ReasonAbsence": {"MAT", "OTH", "PUB", "SIC", "TRN", "UNA", "UNP"},
    **{item: set(NO_ALL_SOME) for item in PAY_ITEMS},
}

#: Items every council-employed record needs (DfE's "missing item" checks).
REQUIRED_EMPLOYED = ("SWENo", "FTE", "PersonBirthDate", "Sex", "Ethnicity", "QualLevel", "OrgRole", "RoleStartDate")
REQUIRED_AGENCY = ("SWENo", "OrgRole")
