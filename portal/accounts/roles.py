"""The roles of DOMAIN.md §1."""

from enum import StrEnum


class Role(StrEnum):
    REGISTERED_MANAGER = "registered_manager"
    RESPONSIBLE_INDIVIDUAL = "responsible_individual"
    INDEPENDENT_PERSON = "independent_person"
    INSPECTOR = "inspector"
    INSPECTORATE_MANAGER = "inspectorate_manager"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def is_provider_side(self) -> bool:
        return self in PROVIDER_ROLES

    @property
    def is_inspectorate(self) -> bool:
        return self in INSPECTORATE_ROLES


ROLE_LABELS = {
    Role.REGISTERED_MANAGER: "Registered manager",
    Role.RESPONSIBLE_INDIVIDUAL: "Responsible individual",
    Role.INDEPENDENT_PERSON: "Independent person",
    Role.INSPECTOR: "Inspector",
    Role.INSPECTORATE_MANAGER: "Inspectorate manager",
}

PROVIDER_ROLES = frozenset({Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL, Role.INDEPENDENT_PERSON})
INSPECTORATE_ROLES = frozenset({Role.INSPECTOR, Role.INSPECTORATE_MANAGER})
# Provider staff who manage settings (everything but the independent person).
PROVIDER_STAFF = frozenset({Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL})


# The inspectorate an inspector works for (DOMAIN.md §1, R-RPT-2, R-QA-2): STC inspections are
# joint with HMIP and CQC; the education sections of SCH and STC reports come from Ofsted's
# further education and skills HMI, the health sections from the CQC inspector.
OFSTED, OFSTED_FES, HMIP, CQC = "ofsted", "ofsted_fes", "hmip", "cqc"
INSPECTORATES = {
    OFSTED: "Ofsted social care inspector",
    OFSTED_FES: "Ofsted further education and skills HMI",
    HMIP: "HMIP inspector",
    CQC: "CQC inspector",
}
