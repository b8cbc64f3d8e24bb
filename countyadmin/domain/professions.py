"""CPSE Portal profession codes for service providers, with the names a clerk recognises."""

from __future__ import annotations

PROFESSIONS: dict[str, str] = {
    "AIDE": "Aide",
    "AUD": "Audiologist",
    "CFY": "Clinical Fellowship Year (speech)",
    "COTA": "Certified Occupational Therapy Assistant",
    "CSP": "Certified School Psychologist",
    "CSW": "Certified Social Worker",
    "INT": "Interpreter",
    "LCSW": "Licensed Clinical Social Worker",
    "LMSW": "Licensed Master Social Worker",
    "LPN": "Licensed Practical Nurse",
    "MUS": "Music Therapist",
    "OT": "Occupational Therapist",
    "OTA": "Occupational Therapy Assistant",
    "PSY": "Psychologist",
    "PT": "Physical Therapist",
    "PTA": "Physical Therapist Assistant",
    "RN": "Registered Nurse",
    "SLP": "Speech-Language Pathologist",
    "SPED": "Special Education Teacher",
    "TD": "Teacher of the Deaf",
    "TEACH": "Teacher",
    "TSHH": "Teacher of Students with Hearing Handicaps",
    "TSLD": "Teacher of Students with Speech and Language Disabilities",
    "TVI": "Teacher of the Visually Impaired",
}


# Professions whose people usually have no NPI (aides, teachers, interpreters, school psychologists):
# the NPI is asked "if they have one" (the agency webinar), never required. Every other profession bills
# health services under the person's own NPI, which CPSE Portal uses to enter a person only once.
NPI_OPTIONAL: frozenset[str] = frozenset(
    {"AIDE", "CSP", "INT", "SPED", "TD", "TEACH", "TSHH", "TSLD", "TVI"}
)


def is_known_profession(code: str) -> bool:
    return code in PROFESSIONS


def needs_npi(code: str) -> bool:
    """Whether a service provider of this profession must be invited with an NPI.

    A blank profession needs one: without the profession nobody can tell that the person has none.
    """
    return code.strip().upper() not in NPI_OPTIONAL
