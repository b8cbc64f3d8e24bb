"""The link status report's workbook: a sheet of providers, one of admin users, one of invitations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from countyadmin.services.reports import LINKED, LinkStatusReport, LinkStatusRow
from countyadmin.spreadsheets.writer import BarChartSpec, Column, SheetSpec

PROVIDER_COLUMNS = (
    Column("Provider #", width=11, note="CountyAdmin's number for the provider."),
    Column("Name", note="The provider's name in the county database."),
    Column("Type", width=12, note="Agency or Individual."),
    Column("SED Code", text=True, width=15, note="The 12-digit NYSED code (text, so leading zeros stay)."),
    Column("NPI", text=True, width=13, note="The provider's National Provider Identifier."),
    Column("Link state", note="Linked; Not linked yet (uses CPSE Portal); or Not using CPSE Portal."),
    Column("CPSE Portal ID", text=True, width=16, note="The provider's id on CPSE Portal, when linked."),
    Column("Linked on", width=18, note="When the link was made."),
    Column("Admin users", width=13, note="How many admin users the provider has on CPSE Portal."),
    Column("Admin user names", width=50, note="Each admin user: name, e-mail and status."),
    Column("Pending invitations", width=19, note="Invitations waiting for the invitee, or to be sent."),
    Column("Pending invitation e-mails", width=50, note="Each waiting invitation: e-mail and status."),
    Column("Note", width=60, note="Why admin users or invitations are missing or may be out of date."),
)
ADMIN_USER_COLUMNS = (
    Column("Provider #", width=11), Column("Provider"), Column("CPSE Portal ID", text=True, width=16),
    Column("First name"), Column("Last name"), Column("E-mail"), Column("Username"),
    Column("Status", width=10), Column("Also therapist", width=14), Column("NPI", text=True, width=13),
    Column("Profession", width=12),
    Column("License", text=True, width=12),
)  # fmt: skip
INVITATION_COLUMNS = (
    Column("Provider #", width=11), Column("Provider"), Column("CPSE Portal ID", text=True, width=16),
    Column("First name"), Column("Last name"), Column("E-mail"), Column("Status", width=10),
    Column("Sent", width=18), Column("Expires", width=18), Column("Invited by"),
)  # fmt: skip


STAGE_COLUMNS = (
    Column("Stage", width=36, note="Where the provider stands on CPSE Portal (as in the onboarding view)."),
    Column("Providers", width=11, note="How many providers are at the stage."),
)


def link_status_sheets(report: LinkStatusReport) -> list[SheetSpec]:
    """The workbook: one row per provider, then one per admin user and one per waiting invitation, and
    the onboarding stages with a chart when the county database has them."""
    return [*_detail_sheets(report), *_stage_sheets(report)]


def _stage_sheets(report: LinkStatusReport) -> list[SheetSpec]:
    if report.stages is None:
        return []
    as_of = _local(report.stages.as_of)
    title = f"Providers by stage (CPSE Portal data as of {as_of:%b %d, %Y %I:%M %p})" if as_of else (
        "Providers by stage (CPSE Portal data not synced yet)")  # fmt: skip
    rows = [[stage.label, count] for stage, count in report.stages.by_stage.items()]
    chart = BarChartSpec(title, anchor="D2", axis_title="Providers")
    return [SheetSpec("Onboarding", STAGE_COLUMNS, rows, auto_filter=False, chart=chart)]


def _detail_sheets(report: LinkStatusReport) -> list[SheetSpec]:
    return [
        SheetSpec("Providers", PROVIDER_COLUMNS, [_provider_cells(row) for row in report.rows]),
        SheetSpec("Admin users", ADMIN_USER_COLUMNS, [
            [row.provider.id, row.provider.name, row.provider.portal_provider_id, user.first_name,
             user.last_name, user.email, user.username, user.status.capitalize(),
             "Yes" if user.also_service_provider else "No", user.npi, user.profession, user.license]
            for row in report.rows for user in row.admin_users
        ]),
        SheetSpec("Pending invitations", INVITATION_COLUMNS, [
            [row.provider.id, row.provider.name, row.provider.portal_provider_id, entry.first_name,
             entry.last_name, entry.email, entry.status.capitalize(), _local(entry.sent_at),
             _local(entry.expires_at), entry.invited_by]
            for row in report.rows for entry in row.waiting_invitations
        ]),
    ]  # fmt: skip


def _provider_cells(row: LinkStatusRow) -> Sequence[object]:
    provider = row.provider
    linked = row.link_state == LINKED
    users = "\n".join(f"{u.first_name} {u.last_name} <{u.email}> ({u.status})" for u in row.admin_users)
    invitations = "\n".join(f"{e.email} ({e.status})" for e in row.waiting_invitations)
    return [
        provider.id,
        provider.name,
        provider.provider_type.label if provider.provider_type else None,
        provider.sed_code,
        provider.npi,
        row.link_state,
        provider.portal_provider_id,
        _local(row.linked_at),
        (len(row.admin_users) if row.note is None else None) if linked else None,
        users or None,
        len(row.waiting_invitations) if linked else None,
        invitations or None,
        row.note,
    ]


def _local(moment: datetime | None) -> datetime | None:
    # Excel has no time zones: the clerk reads local wall-clock time, to the minute.
    return moment.astimezone().replace(tzinfo=None, second=0, microsecond=0) if moment else None
