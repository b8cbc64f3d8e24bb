"""Pydantic models of the CPSE Portal county API v1: they generate contract/openapi.json."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from countyadmin.domain.identifiers import validate_npi, validate_sed_code
from countyadmin.domain.professions import PROFESSIONS

T = TypeVar("T")

ProviderType = Literal["agency", "individual"]
InvitationStatus = Literal["pending", "accepted", "expired", "cancelled"]
MatchedOn = Literal["npi", "sed_code", "name"]
# Built from the domain's table so the contract lists exactly the codes the app knows.
if TYPE_CHECKING:  # a Literal built at run time is beyond a type checker
    ProfessionCode = str
else:
    ProfessionCode = Literal[tuple(PROFESSIONS)]

_ZIP_PATTERN = r"^[0-9]{5}(-?[0-9]{4})?$"
_EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _check_npi(value: str | None) -> str | None:
    if value is not None and (problem := validate_npi(value)):
        raise ValueError(problem)
    return value


class Problem(BaseModel):
    """RFC 9457 problem details; some statuses add extension members."""

    model_config = ConfigDict(extra="allow")

    type: str = Field("about:blank", description="A URI naming the kind of problem.")
    title: str
    status: int
    detail: str | None = None


class FieldError(BaseModel):
    field: str = Field(description="The request field, e.g. 'npi' or 'query.limit'.")
    message: str


class ValidationProblem(Problem):
    errors: list[FieldError]


class ProviderConflictProblem(Problem):
    existing_id: str = Field(description="The portal provider that already has that NPI or SED code.")


class LinkConflictProblem(Problem):
    linked_county_provider_ref: str = Field(description="The county record this county already linked.")


class InvitationConflictProblem(Problem):
    pending_invitation_id: str


class Page(BaseModel, Generic[T]):
    items: list[T]
    next: str | None = Field(description="Opaque cursor for the next page; null on the last page.")


class CountyInfo(BaseModel):
    county_id: str
    name: str


class NewProvider(BaseModel):
    """The body of POST /providers."""

    model_config = ConfigDict(extra="forbid")

    provider_type: ProviderType
    name: str = Field(min_length=1, max_length=300, pattern=r"\S")
    npi: str | None = Field(
        None, pattern=r"^[12][0-9]{9}$", description="10 digits with a valid check digit."
    )
    sed_code: str | None = Field(None, pattern=r"^[0-9]{12}$", description="12 digits; leading zeros count.")
    tax_id: str | None = Field(None, max_length=20)
    address_1: str | None = Field(None, max_length=200)
    address_2: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    state: str | None = Field(None, pattern=r"^[A-Z]{2}$", description="Two-letter USPS code.")
    zip: str | None = Field(None, pattern=_ZIP_PATTERN)
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=200, pattern=_EMAIL_PATTERN)

    _npi = field_validator("npi")(_check_npi)

    @field_validator("sed_code")
    @classmethod
    def _sed(cls, value: str | None) -> str | None:
        if value is not None and (problem := validate_sed_code(value)):
            raise ValueError(problem)
        return value


class Provider(BaseModel):
    id: str = Field(examples=["CP-000123"])
    provider_type: ProviderType
    name: str
    npi: str | None
    sed_code: str | None
    tax_id: str | None
    address_1: str | None
    address_2: str | None
    city: str | None
    state: str | None
    zip: str | None
    phone: str | None
    email: str | None
    status: Literal["active", "inactive"]
    created_at: datetime


class ProviderMatch(Provider):
    matched_on: list[MatchedOn] = Field(description="Which criteria matched, npi and sed_code first.")


class CountyLinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    county_provider_ref: str = Field(min_length=1, max_length=100, pattern=r"\S")


class CountyLink(BaseModel):
    provider_id: str
    county_provider_ref: str
    linked_at: datetime


class AdminUser(BaseModel):
    user_id: str
    username: str
    first_name: str
    last_name: str
    email: str
    status: Literal["active", "disabled"]
    also_service_provider: bool
    npi: str | None
    profession: str | None
    license: str | None


class NewInvitation(BaseModel):
    """The body of POST /providers/{id}/invitations."""

    model_config = ConfigDict(extra="forbid")

    first_name: str = Field(min_length=1, max_length=100, pattern=r"\S")
    last_name: str = Field(min_length=1, max_length=100, pattern=r"\S")
    email: str = Field(max_length=200, pattern=_EMAIL_PATTERN)
    invited_by: str = Field(min_length=1, max_length=200, pattern=r"\S")
    role: Literal["admin"] = "admin"
    also_service_provider: bool = False
    npi: str | None = Field(None, pattern=r"^[12][0-9]{9}$")
    profession: ProfessionCode | None = None
    license: str | None = Field(None, max_length=50)

    _npi = field_validator("npi")(_check_npi)


class Invitation(BaseModel):
    id: str = Field(examples=["INV-000042"])
    provider_id: str
    first_name: str
    last_name: str
    email: str
    role: Literal["admin"]
    also_service_provider: bool
    npi: str | None
    profession: str | None
    license: str | None
    status: InvitationStatus
    created_at: datetime
    expires_at: datetime
    invited_by: str


class ProviderMatchPage(Page[ProviderMatch]):
    pass


class AdminUserPage(Page[AdminUser]):
    pass


class InvitationPage(Page[Invitation]):
    pass
