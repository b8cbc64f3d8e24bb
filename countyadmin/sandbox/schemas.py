"""Pydantic models of the CPSE Portal county API v1: they generate contract/openapi.json."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, TypeAlias, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, field_validator

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
# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: a field is one line of
# text, and a CR/LF or NUL that reached an e-mail subject or a log line could forge headers or entries.
# The bidirectional embeddings, overrides and isolates (U+202A-E, U+2066-9) count as control characters
# too: a right-to-left override in a provider name reorders the invitation e-mail's subject as it is
# read. The marks (U+061C, U+200E/F) stay, as do the joiners (U+200C/D): Arabic and Hebrew names written
# beside Latin words need the marks, Persian and Indic names the joiners, and neither reorders text.
_CONTROL = r"\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069"
# An address has no invisible character either (soft hyphen, zero-width space and joiners, word joiner,
# BOM): "an\u200ba@..." reads as the admin user's own address and would pass the already-admin check.
_INVISIBLE = r"\u00ad\u034f\u180e\u200b-\u200d\u2060-\u2064\ufeff"
_EMAIL_CHAR = rf"[^@\s{_CONTROL}{_INVISIBLE}]"
_EMAIL_PATTERN = rf"^{_EMAIL_CHAR}+@{_EMAIL_CHAR}+\.{_EMAIL_CHAR}+$"
# The contract's patterns; the server checks with the very same expressions (re.fullmatch, so a "$" never
# lets a trailing newline through), and answers a sentence instead of the pattern.
LINE_PATTERN = rf"^[^{_CONTROL}]*$"
FILLED_LINE_PATTERN = rf"^[^{_CONTROL}]*[^\s{_CONTROL}][^{_CONTROL}]*$"
_HAS_CONTROL = re.compile(rf"[{_CONTROL}]")


def _one_line(value: str) -> str:
    if _HAS_CONTROL.search(value):
        raise ValueError("Remove the control characters (line breaks, tabs, NUL); this field is one line.")
    return value


def _filled_line(value: str) -> str:
    _one_line(value)
    if re.fullmatch(FILLED_LINE_PATTERN, value) is None:
        raise ValueError("Fill this in; it cannot be blank.")
    return value


def text(max_length: int, *, required: bool = False, description: str | None = None) -> Any:
    """The one text type of every free-text field: one line, no control characters, at most ``max_length``.

    ``required`` also refuses blank text. The JSON Schema gets the equivalent pattern, so the contract says
    exactly what the server accepts.
    """
    pattern = FILLED_LINE_PATTERN if required else LINE_PATTERN
    return Annotated[
        str,
        Field(
            min_length=1 if required else None,
            max_length=max_length,
            description=description,
            json_schema_extra={"pattern": pattern},
        ),
        AfterValidator(_filled_line if required else _one_line),
    ]


if TYPE_CHECKING:  # aliases built by a function are beyond a type checker
    Name: TypeAlias = str
    Ref: TypeAlias = str
    PersonName: TypeAlias = str
    InvitedBy: TypeAlias = str
    Line200: TypeAlias = str
    Line100: TypeAlias = str
    Line50: TypeAlias = str
    Line30: TypeAlias = str
    Line20: TypeAlias = str
else:
    Name = text(300, required=True)
    Ref = text(100, required=True)
    PersonName = text(100, required=True)
    InvitedBy = text(200, required=True)
    Line200 = text(200)
    Line100 = text(100)
    Line50 = text(50)
    Line30 = text(30)
    Line20 = text(20)


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
    pending_invitation_id: str = Field(
        description="Your county's pending invitation for that e-mail address; resend it instead."
    )


class AdminUserConflictProblem(Problem):
    """409 on invitation create: the address already belongs to an active admin user of the provider."""

    existing_user_id: str = Field(
        description="The admin user's `user_id`, as GET /providers/{provider_id}/admin-users lists it.",
        examples=["U-000007"],
    )
    existing_user_email: str = Field(description="The admin user's e-mail address as the portal has it.")
    existing_user_name: str = Field(description="First and last name.", examples=["Ana Ortiz"])


class InvitationCreateConflict(RootModel[InvitationConflictProblem | AdminUserConflictProblem]):
    """Exactly one of the two: a pending invitation, or an existing admin user with that address."""

    model_config = ConfigDict(json_schema_extra=lambda schema: schema.update(oneOf=schema.pop("anyOf")))


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
    name: Name
    npi: str | None = Field(
        None, pattern=r"^[12][0-9]{9}$", description="10 digits with a valid check digit."
    )
    sed_code: str | None = Field(None, pattern=r"^[0-9]{12}$", description="12 digits; leading zeros count.")
    tax_id: Line20 | None = None
    address_1: Line200 | None = None
    address_2: Line200 | None = None
    city: Line100 | None = None
    state: str | None = Field(None, pattern=r"^[A-Z]{2}$", description="Two-letter USPS code.")
    zip: str | None = Field(None, pattern=_ZIP_PATTERN)
    phone: Line30 | None = None
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

    county_provider_ref: Ref


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

    first_name: PersonName
    last_name: PersonName
    email: str = Field(max_length=200, pattern=_EMAIL_PATTERN)
    invited_by: InvitedBy
    role: Literal["admin"] = "admin"
    also_service_provider: bool = False
    npi: str | None = Field(None, pattern=r"^[12][0-9]{9}$")
    profession: ProfessionCode | None = None
    license: Line50 | None = None

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


# --- change feeds (GET /county/links, /county/invitations, /county/admin-users) ---------------------


class ChangePage(BaseModel, Generic[T]):
    items: list[T]
    next: str | None = Field(
        description="Opaque cursor for the next page of this walk; null on the last page."
    )
    watermark: str | None = Field(
        None,
        description="On the last page only: the opaque value to send as `updated_since` next time. "
        "Every change committed after it, including those made while the pages were walked, comes "
        "in the next feed.",
    )
    as_of: datetime | None = Field(
        None,
        description="On the last page only: the portal's time when it was read; the feed shows the "
        "county's data as of then. An invitation is expired when `expires_at` <= `as_of`.",
    )


class LinkChange(BaseModel):
    provider_id: str = Field(examples=["CP-000123"])
    removed: bool = Field(description="True: the county unlinked the provider (a tombstone).")
    link: CountyLink | None = Field(description="The link as it is now; null when `removed`.")


class InvitationChange(BaseModel):
    id: str = Field(examples=["INV-000042"])
    provider_id: str
    removed: bool = Field(
        description="True: the invitation left the county's view (the county unlinked its provider); "
        "linking again brings it back. A cancelled invitation is not removed: its status says so."
    )
    invitation: Invitation | None = Field(description="The invitation as it is now; null when `removed`.")


class AdminUserChange(BaseModel):
    user_id: str = Field(examples=["U-000007"])
    provider_id: str
    removed: bool = Field(
        description="True: the admin user was removed from the provider, or the county unlinked it."
    )
    admin_user: AdminUser | None = Field(description="The admin user as now; null when `removed`.")


class LinkChangePage(ChangePage[LinkChange]):
    pass


class InvitationChangePage(ChangePage[InvitationChange]):
    pass


class AdminUserChangePage(ChangePage[AdminUserChange]):
    pass
