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


def is_known_profession(code: str) -> bool:
    return code in PROFESSIONS
