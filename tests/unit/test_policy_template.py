"""The Group Policy template (resources/policy) is well-formed and names exactly what the code reads."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from countyadmin.policy import POLICY_KEY, POLICY_VALUES

FOLDER = Path(__file__).resolve().parents[2] / "resources" / "policy"
NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}


def _admx() -> ET.Element:
    return ET.parse(FOLDER / "CountyAdmin.admx").getroot()


def _adml() -> ET.Element:
    return ET.parse(FOLDER / "en-US" / "CountyAdmin.adml").getroot()


def test_the_template_sets_the_values_the_code_reads_under_its_key() -> None:
    policies = _admx().findall("p:policies/p:policy", NS)
    assert {policy.get("key", "").lower() for policy in policies} == {POLICY_KEY.lower()}
    names = [text.get("valueName") for text in _admx().iterfind("p:policies/p:policy/p:elements/p:text", NS)]
    assert sorted(names) == sorted(POLICY_VALUES)  # each once, none the code does not read
    # Machine and user: the code reads HKLM first and HKCU last (countyadmin/policy.py).
    assert {policy.get("class") for policy in policies} == {"Both"}


def test_every_string_and_presentation_the_admx_names_is_in_the_adml() -> None:
    admx_text = (FOLDER / "CountyAdmin.admx").read_text(encoding="utf-8")
    adml = _adml()
    strings = {item.get("id") for item in adml.iterfind("p:resources/p:stringTable/p:string", NS)}
    assert set(re.findall(r"\$\(string\.(\w+)\)", admx_text)) <= strings
    table = adml.iterfind("p:resources/p:presentationTable/p:presentation", NS)
    presentations = {item.get("id"): item for item in table}
    for policy in _admx().iterfind("p:policies/p:policy", NS):
        presentation = presentations[policy.get("presentation", "")[len("$(presentation.") : -1]]
        element_ids = {element.get("id") for element in policy.iterfind("p:elements/*", NS)}
        assert {box.get("refId") for box in presentation.iterfind("p:textBox", NS)} == element_ids
