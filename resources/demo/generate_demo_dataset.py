"""Generate resources/demo/demo_dataset.json, the ONE demo dataset (county database + sandbox).

Deterministic: Faker and random are seeded, so running it again gives the same file. Run with
``python resources/demo/generate_demo_dataset.py`` after changing it, and commit both.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from faker import Faker

from countyadmin.domain.identifiers import npi_check_digit

OUTPUT = Path(__file__).with_name("demo_dataset.json")
SEED = 4410  # the Education Law section that pays for preschool special education

# Real New York places with one of their ZIP codes.
NY_PLACES = [
    ("Albany", "12207"),
    ("Troy", "12180"),
    ("Schenectady", "12305"),
    ("Saratoga Springs", "12866"),
    ("Buffalo", "14201"),
    ("Rochester", "14604"),
    ("Syracuse", "13202"),
    ("Utica", "13501"),
    ("Binghamton", "13901"),
    ("Ithaca", "14850"),
    ("Poughkeepsie", "12601"),
    ("Kingston", "12401"),
    ("Newburgh", "12550"),
    ("White Plains", "10601"),
    ("Yonkers", "10701"),
    ("New Rochelle", "10801"),
    ("Hempstead", "11550"),
    ("Mineola", "11501"),
    ("Hauppauge", "11788"),
    ("Riverhead", "11901"),
    ("Brooklyn", "11201"),
    ("Bronx", "10451"),
    ("Staten Island", "10301"),
    ("Jamaica", "11432"),
    ("Plattsburgh", "12901"),
    ("Watertown", "13601"),
    ("Elmira", "14901"),
    ("Jamestown", "14701"),
    ("Glens Falls", "12801"),
    ("Oneonta", "13820"),
    ("Middletown", "10940"),
    ("Niagara Falls", "14301"),
]
AGENCY_WORDS = [
    "Sunrise",
    "Bright Steps",
    "Little Learners",
    "Hudson Valley",
    "Kids First",
    "Stepping Stones",
    "Rainbow",
    "Harbor",
    "Maple Leaf",
    "Tiny Tots",
    "Open Arms",
    "Blue Sky",
    "Milestones",
    "Empire",
    "Adirondack",
    "Finger Lakes",
    "Great Beginnings",
    "Building Blocks",
    "Lighthouse",
    "Growing Minds",
    "Pathways",
    "Sprout",
    "Evergreen",
    "Catskill",
    "Mohawk Valley",
]
AGENCY_KINDS = [
    "Pediatric Therapy",
    "Early Intervention Services",
    "Speech & Language Center",
    "Developmental Services",
    "Therapy Group",
    "Preschool Special Education",
    "Learning Center",
    "Child Development Associates",
    "Rehabilitation Services",
]
SUFFIXES = [", LLC", ", L.L.C.", ", Inc.", " Inc", ", PLLC", ", P.C.", ""]
PROFESSIONS = [("SLP", "CCC-SLP"), ("OT", "OTR/L"), ("PT", "DPT"), ("SPED", "MS Ed"), ("PSY", "PhD")]

# scenario -> how many county records; "none" also holds records with no NPI yet.
SCENARIOS = {
    "npi_only": 40,
    "sed_only": 40,
    "both_same": 45,
    "both_differing": 40,
    "name_only": 30,
    "linked": 25,
    "none": 80,
}
PORTAL_ONLY = 50
NOT_IN_REGISTRY = 6  # new NPIs take weeks to show up in NPPES


class Generator:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.fake = Faker("en_US")
        self.fake.seed_instance(SEED)
        self.npis: set[str] = set()
        self.seds: set[str] = set()
        self.names: set[str] = set()
        self.usernames: set[str] = set()
        self.next_portal = 101

    def npi(self, individual: bool) -> str:
        while True:
            first_nine = ("1" if individual else "2") + f"{self.rng.randrange(10**8):08d}"
            npi = first_nine + npi_check_digit(first_nine)
            if npi not in self.npis:
                self.npis.add(npi)
                return npi

    def sed(self) -> str:
        while True:
            # About one in four has leading zeros, which a spreadsheet would drop: SED codes are text.
            sed = f"{self.rng.randrange(10**10 if self.rng.random() < 0.25 else 10**12):012d}"
            if sed not in self.seds:
                self.seds.add(sed)
                return sed

    def agency_name(self) -> str:
        while True:
            base = f"{self.rng.choice(AGENCY_WORDS)} {self.rng.choice(AGENCY_KINDS)}"
            if base not in self.names:
                self.names.add(base)
                return base + self.rng.choice(SUFFIXES)

    def person(self) -> tuple[str, str, str, str]:
        first, last = self.fake.first_name(), self.fake.last_name()
        profession, credential = self.rng.choice(PROFESSIONS)
        return first, last, profession, credential

    def phone(self) -> str:
        area = self.rng.choice(["518", "716", "585", "315", "607", "845", "914", "516", "631", "718"])
        return f"({area}) 555-{self.rng.randrange(100, 10000):04d}"

    def base_record(self) -> tuple[dict[str, Any], dict[str, Any]]:
        individual = self.rng.random() < 0.4
        city, zip_code = self.rng.choice(NY_PLACES)
        meta: dict[str, Any] = {"individual": individual}
        if individual:
            first, last, profession, credential = self.person()
            name = f"{first} {last}"
            meta.update(first=first, last=last, profession=profession, credential=credential)
            email = f"{first}.{last}@{self.fake.free_email_domain()}".lower()
        else:
            name = self.agency_name()
            domain = "".join(ch for ch in name.split(",")[0].lower() if ch.isalnum())[:20] + ".example.com"
            email = f"office@{domain}"
        record = {
            "name": name,
            "provider_type": "individual" if individual else "agency",
            "sed_code": self.sed(),
            "npi": self.npi(individual),
            "tax_id": f"{self.rng.randrange(10, 99)}-{self.rng.randrange(10**7):07d}",
            "address_1": self.fake.street_address().upper()
            if self.rng.random() < 0.1
            else self.fake.street_address(),
            "address_2": self.rng.choice([None, None, None, "Suite 200", "Floor 2", "Unit B"]),
            "city": city,
            "state": "NY",
            "zip": zip_code,
            "phone": self.phone(),
            "email": email,
        }
        return record, meta

    def portal_copy(self, record: dict[str, Any]) -> dict[str, Any]:
        portal = {"id": f"CP-{self.next_portal:06d}", **record, "status": "active"}
        portal["created_days_ago"] = self.rng.randrange(30, 2000)
        self.next_portal += 1
        return portal

    # --- scenarios: how the portal's copy differs from the county's record ---

    def scenario(self, kind: str, index: int) -> tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any]]:
        county, meta = self.base_record()
        if kind == "none":
            if index % 10 == 0:
                self.npis.discard(county["npi"])
                county["npi"] = None  # applied for, not issued yet
            return county, None, meta
        portal = self.portal_copy(county)
        if kind == "npi_only":
            portal["sed_code"] = None if index % 2 else self.sed()
        elif kind == "sed_only":
            if index % 4 == 0:
                self.npis.discard(county["npi"])
                county["npi"] = None
            portal["npi"] = None if index % 3 else self.npi(meta["individual"])
        elif kind == "both_differing":
            self.differ(county, portal, index)
        elif kind == "name_only":
            portal["npi"], portal["sed_code"] = None, None
            portal["name"] = self.respell(county["name"])
            if index % 6 == 0 and not meta["individual"]:
                # The county knows the agency by its DBA; the registry lists the legal name too.
                meta["legal_name"] = county["name"].split(",")[0] + " Holdings, Inc."
        return county, portal, meta

    def differ(self, county: dict[str, Any], portal: dict[str, Any], index: int) -> None:
        variant = index % 6
        if variant == 0:
            portal["address_1"] = f"{self.rng.randrange(1, 999)} {self.fake.street_name()}"
        elif variant == 1:
            portal["phone"] = self.phone()
        elif variant == 2:
            portal["name"] = self.respell(county["name"])
        elif variant == 3:
            county["zip"] = f"{county['zip']}-{self.rng.randrange(10**4):04d}"
        elif variant == 4:
            county["state"] = "New York"
        else:
            portal["address_2"], portal["email"] = "Suite 101", f"billing.{index}@example.org"

    def respell(self, name: str) -> str:
        # The same name to a human: other case, punctuation, or spacing of the legal suffix.
        swaps = [
            (", L.L.C.", " LLC"),
            (", LLC", " L.L.C."),
            (", Inc.", " Inc"),
            (" Inc", ", Inc."),
            (", P.C.", " PC"),
            (", PLLC", " P.L.L.C."),
            ("&", "and"),
        ]
        for old, new in swaps:
            if old in name:
                return name.replace(old, new, 1)
        return name.upper()

    # --- people on the portal ---

    def admin_user(self) -> dict[str, Any]:
        first, last, profession, _ = self.person()
        username = f"{first[0]}{last}".lower()
        while username in self.usernames:
            username += str(self.rng.randrange(10))
        self.usernames.add(username)
        therapist = self.rng.random() < 0.4
        return {
            "username": username,
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.net",
            "also_service_provider": therapist,
            "npi": self.npi(True) if therapist else None,
            "profession": profession if therapist else None,
            "license": f"{self.rng.randrange(10**6):06d}" if therapist else None,
        }

    def invitation(self, status: str, days: int) -> dict[str, Any]:
        first, last, _, _ = self.person()
        return {
            "first_name": first,
            "last_name": last,
            "email": f"{first}.{last}@example.net".lower(),
            "invited_by": "Demo County Clerk",
            "also_service_provider": False,
            "npi": None,
            "profession": None,
            "license": None,
            "status": status,
            "sent_days_ago": days,
        }

    def people(self, portal: dict[str, Any], index: int) -> None:
        if index % 3 == 0:
            portal["admin_users"] = [self.admin_user() for _ in range(1 + index % 2)]
        if index % 5 == 1:
            portal["invitations"] = [self.invitation("pending", 3)]
        elif index % 7 == 2:
            portal["invitations"] = [self.invitation("pending", 20)]  # shown as expired
        elif index % 11 == 3:
            portal["invitations"] = [self.invitation("cancelled", 9)]

    # --- NPPES v2.1 result objects ---

    def registry_record(
        self, record: dict[str, Any], meta: dict[str, Any], as_string: bool
    ) -> dict[str, Any]:
        created = 1_300_000_000 + self.rng.randrange(300_000_000)
        updated = created + self.rng.randrange(50_000_000)
        number: Any = record["npi"] if as_string else int(record["npi"])
        postal = record["zip"].replace("-", "")[:5] + f"{self.rng.randrange(10**4):04d}"
        location = {
            "country_code": "US",
            "country_name": "United States",
            "address_purpose": "LOCATION",
            "address_type": "DOM",
            "address_1": record["address_1"].upper(),
            "address_2": (record["address_2"] or "").upper(),
            "city": record["city"].upper(),
            "state": "NY",
            "postal_code": postal,
            "telephone_number": record["phone"].replace("(", "").replace(") ", "-"),
        }
        mailing = {**location, "address_purpose": "MAILING"}
        if self.rng.random() < 0.3:
            mailing.update(address_1=f"PO BOX {self.rng.randrange(100, 9999)}", address_2="")
        day = f"20{self.rng.randrange(10, 24)}-0{self.rng.randrange(1, 10)}-1{self.rng.randrange(10)}"
        basic: dict[str, Any] = {"enumeration_date": day, "last_updated": day, "status": "A"}
        other_names: list[dict[str, Any]] = []
        if meta["individual"]:
            enumeration = "NPI-1"
            basic = {
                "first_name": meta["first"].upper(),
                "last_name": meta["last"].upper(),
                "credential": meta["credential"],
                "sole_proprietor": "YES",
                "gender": self.rng.choice("FM"),
                **basic,
                "name": f"{meta['last']} {meta['first']}".upper(),
            }
            taxonomy = {
                "SLP": ("235Z00000X", "Speech-Language Pathologist"),
                "OT": ("225X00000X", "Occupational Therapist"),
                "PT": ("225100000X", "Physical Therapist"),
                "SPED": ("126900000X", "Behavior Technician"),
                "PSY": ("103T00000X", "Psychologist"),
            }
            code, desc = taxonomy[meta["profession"]]
        else:
            enumeration = "NPI-2"
            legal = meta.get("legal_name", record["name"])
            first, last = self.fake.first_name(), self.fake.last_name()
            basic = {
                "organization_name": legal.upper(),
                "organizational_subpart": "NO",
                **basic,
                "authorized_official_first_name": first.upper(),
                "authorized_official_last_name": last.upper(),
                "authorized_official_telephone_number": location["telephone_number"],
                "authorized_official_title_or_position": "EXECUTIVE DIRECTOR",
                "name": legal.upper(),
            }
            if "legal_name" in meta:
                other_names = [
                    {"organization_name": record["name"].upper(), "code": "3", "type": "Doing Business As"}
                ]
            code, desc = "261QR0400X", "Clinic/Center Rehabilitation"
        return {
            "enumeration_type": enumeration,
            "number": number,
            "last_updated_epoch": str(updated * 1000) if as_string else updated,
            "created_epoch": str(created * 1000) if as_string else created,
            "basic": basic,
            "other_names": other_names,
            "addresses": [location, mailing],
            "taxonomies": [
                {
                    "code": code,
                    "desc": desc,
                    "primary": True,
                    "state": "NY",
                    "license": f"{self.rng.randrange(10**6):06d}" if meta["individual"] else "",
                }
            ],
            "identifiers": [],
            "practiceLocations": [],
        }


def generate() -> dict[str, Any]:
    gen = Generator()
    providers: list[dict[str, Any]] = []
    registry: list[dict[str, Any]] = []
    order = [kind for kind, count in SCENARIOS.items() for _ in range(count)]
    gen.rng.shuffle(order)  # a realistic county list is not sorted by scenario
    absent_left = NOT_IN_REGISTRY
    for index, kind in enumerate(order):
        county, portal, meta = gen.scenario(kind, index)
        county["uses_portal"] = portal is not None and gen.rng.random() < 0.8
        if portal is not None:
            gen.people(portal, index)
        providers.append({"scenario": kind, "county_ref": str(index + 1), "county": county, "portal": portal})
        if county["npi"] and kind == "none" and absent_left > 0:
            absent_left -= 1
            continue
        for record in (county, portal):
            if record and record["npi"] and all(str(r["number"]) != record["npi"] for r in registry):
                registry.append(gen.registry_record(record, meta, as_string=index % 2 == 0))
    portal_only = []
    for index in range(PORTAL_ONLY):
        record, meta = gen.base_record()
        portal = gen.portal_copy(record)
        gen.people(portal, index)
        portal_only.append(portal)
        registry.append(gen.registry_record(record, meta, as_string=index % 2 == 1))
    return {
        "county": {"county_id": "demo", "name": "Demo County"},
        "providers": providers,
        "portal_only": portal_only,
        "npi_registry": registry,
    }


def main() -> None:
    OUTPUT.write_text(json.dumps(generate(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
