"""/api/v1: the county's key, providers, county links and admin users."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from countyadmin.sandbox import portal_ops, schemas, views
from countyadmin.sandbox.problems import ApiProblem
from countyadmin.sandbox.store import Store
from countyadmin.sandbox.tables import CountyRow

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="CountyApiKey",
    description="The county's CPSE Portal API key: `Authorization: Bearer <key>`.",
)

_RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}
}
# Every call can meet these; the contract says so once here rather than on each route by hand.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": schemas.Problem, "description": "Missing or wrong API key."},
    429: {"model": schemas.Problem, "description": "Too many requests.", "headers": _RETRY_AFTER},
    503: {"model": schemas.Problem, "description": "The portal is unavailable.", "headers": _RETRY_AFTER},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": schemas.Problem, "description": "No such resource."}
}
NOT_LINKED: dict[int | str, dict[str, Any]] = {
    404: {"model": schemas.Problem, "description": "No such provider, or your county has not linked it."}
}
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": schemas.ValidationProblem, "description": "Invalid fields; see `errors`."}
}


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def current_county(
    store: Annotated[Store, Depends(get_store)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> CountyRow:
    if credentials is None:
        raise ApiProblem(
            401,
            "Send the county API key as 'Authorization: Bearer <key>'.",
            headers={"WWW-Authenticate": 'Bearer realm="CPSE Portal"'},
        )
    county = store.county_for_key(credentials.credentials)
    if county is None:
        raise ApiProblem(
            401,
            "The portal does not know this API key; check it in Settings or ask the portal for a new one.",
            headers={"WWW-Authenticate": 'Bearer realm="CPSE Portal", error="invalid_token"'},
        )
    return county


# The access rule of each operation, stated in the contract ("Access: ..."); every refusal is a 404.
ANY_COUNTY = "Access: every county, for every provider."
LINKED_ONLY = (
    "Access: only a county that has linked the provider (PUT /providers/{provider_id}/county-link); "
    "for any other county the answer is 404, as for a provider that does not exist."
)
OWN_LINK = (
    "Access: each county has its own link to a provider and sees or changes only that one; another "
    "county's link to the same provider is never shown. Any county may link any provider: the link is "
    "what lets it read the provider's admin users and invite them."
)

StoreDep = Annotated[Store, Depends(get_store)]
CountyDep = Annotated[CountyRow, Depends(current_county)]
Limit = Annotated[int, Query(ge=1, le=200, description="Page size.")]
Cursor = Annotated[str | None, Query(alias="next", description="The `next` value of the previous page.")]

router = APIRouter(prefix="/api/v1", responses=COMMON_RESPONSES)


@router.get(
    "/county",
    response_model=schemas.CountyInfo,
    summary="Which county this API key belongs to",
    description="Access: every valid key; the county it names is the one every other call acts as.",
)
def get_county(county: CountyDep) -> schemas.CountyInfo:
    return schemas.CountyInfo(county_id=county.county_id, name=county.name)


@router.get(
    "/providers",
    response_model=schemas.ProviderMatchPage,
    responses=INVALID,
    summary="Search providers: OR over npi, sed_code and name (zip narrows the name criterion)",
    description=f"{ANY_COUNTY} A county searches before it links.",
)
def search_providers(
    _: CountyDep,
    store: StoreDep,
    npi: Annotated[str | None, Query(description="Exact NPI.")] = None,
    sed_code: Annotated[str | None, Query(description="Exact 12-digit SED code.")] = None,
    name: Annotated[str | None, Query(description="Ignores case, punctuation, spacing.")] = None,
    zip: Annotated[str | None, Query(description="Narrows the name criterion to this ZIP.")] = None,
    limit: Limit = 50,
    next_cursor: Cursor = None,
) -> schemas.ProviderMatchPage:
    hits, following = store.search_providers(
        npi=npi, sed_code=sed_code, name=name, zip_code=zip, cursor=next_cursor, limit=limit
    )
    return schemas.ProviderMatchPage(
        items=[views.provider_match(row, matched) for row, matched in hits], next=following
    )


@router.get(
    "/providers/{provider_id}", response_model=schemas.Provider, responses=NOT_FOUND, description=ANY_COUNTY
)
def get_provider(provider_id: str, _: CountyDep, store: StoreDep) -> schemas.Provider:
    return views.provider(store.get_provider(provider_id))


@router.post(
    "/providers",
    status_code=201,
    response_model=schemas.Provider,
    responses={
        409: {
            "model": schemas.ProviderConflictProblem,
            "description": "NPI or SED code already on the portal.",
        },
        **INVALID,
    },
    description="Access: every county. Adding a provider does not link it: link it next.",
)
def create_provider(body: schemas.NewProvider, _: CountyDep, store: StoreDep) -> schemas.Provider:
    return views.provider(store.create_provider(body.model_dump()))


@router.get(
    "/providers/{provider_id}/county-link",
    response_model=schemas.CountyLink,
    responses={404: {"model": schemas.Problem, "description": "No such provider, or not linked by you."}},
    description=OWN_LINK,
)
def get_county_link(provider_id: str, county: CountyDep, store: StoreDep) -> schemas.CountyLink:
    return portal_ops.get_link(store, county.county_id, provider_id)


@router.put(
    "/providers/{provider_id}/county-link",
    status_code=201,
    response_model=schemas.CountyLink,
    responses={
        200: {"model": schemas.CountyLink, "description": "Already linked to the same county record."},
        409: {"model": schemas.LinkConflictProblem, "description": "Linked to a different county record."},
        **NOT_FOUND,
        **INVALID,
    },
    description=OWN_LINK,
)
def put_county_link(
    provider_id: str, body: schemas.CountyLinkRequest, county: CountyDep, store: StoreDep, response: Response
) -> schemas.CountyLink:
    link, created = portal_ops.put_link(store, county.county_id, provider_id, body.county_provider_ref)
    response.status_code = 201 if created else 200
    return link


@router.delete(
    "/providers/{provider_id}/county-link",
    status_code=204,
    response_class=Response,
    responses={404: {"model": schemas.Problem, "description": "No such provider, or not linked by you."}},
    description=f"{OWN_LINK} Unlinking ends this county's access to the provider's admin users and "
    "to the invitations it sent for it (they stay on the portal and come back with a new link).",
)
def delete_county_link(provider_id: str, county: CountyDep, store: StoreDep) -> Response:
    portal_ops.delete_link(store, county.county_id, provider_id)
    return Response(status_code=204)


@router.get(
    "/providers/{provider_id}/admin-users",
    response_model=schemas.AdminUserPage,
    responses={**NOT_LINKED, **INVALID},
    description=f"{LINKED_ONLY} A linked county reads every admin user of the provider, whichever "
    "county invited them: they administer the provider for all its counties.",
)
def list_admin_users(
    provider_id: str, county: CountyDep, store: StoreDep, limit: Limit = 50, next_cursor: Cursor = None
) -> schemas.AdminUserPage:
    return portal_ops.list_admin_users(store, county.county_id, provider_id, next_cursor, limit)
