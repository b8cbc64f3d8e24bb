"""The Invite New Admin User form: its fields and the rules a clerk sees beside them. No Qt, no I/O.

Every validator returns ``None`` for a good value or a sentence for the field, and never raises, so the
dialog can check while the clerk types. A *problem* blocks the invitation; a *warning* (an unusual NY
license number) is shown but does not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from countyadmin.domain.identifiers import validate_npi
from countyadmin.domain.professions import PROFESSIONS, needs_npi

# The portal's limits (contract/openapi.json), so a form that passes here is not refused there.
NAME_MAX = 100
EMAIL_MAX = 200
LICENSE_MAX = 32  # the outbox column; NY license numbers are 6 digits
NY_LICENSE_DIGITS = 6

# Field names are the portal's, so its 422 errors land beside the same fields as ours.
FIRST_NAME = "first_name"
LAST_NAME = "last_name"
EMAIL = "email"
NPI = "npi"
PROFESSION = "profession"
LICENSE = "license"


@dataclass(frozen=True, slots=True)
class InvitationForm:
    """What the clerk typed. Therapist fields count only when ``also_service_provider`` is ticked."""

    first_name: str
    last_name: str
    email: str
    also_service_provider: bool = False
    npi: str = ""
    profession: str = ""  # a code of PROFESSIONS, or "" for the provider to add later
    license: str = ""


@dataclass(frozen=True, slots=True)
class InvitationCheck:
    """The result of :func:`check_invitation`.

    ``problems`` and ``warnings`` map a field name (``first_name``, ``email``, ``npi``…) to a sentence.
    ``form`` is the normalised form (trimmed, e-mail domain in lower case, therapist fields cleared
    when the box is not ticked); send that one, not what was typed.
    """

    form: InvitationForm
    problems: Mapping[str, str] = field(default_factory=dict)
    warnings: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def prepare_email_rules() -> None:
    """Load the e-mail rules ahead of their first use; call it off the GUI thread.

    email_validator compiles its RFC regular expressions when imported: about 30 ms, which the first
    Invite New Admin User of a session spent on the GUI thread as its first address was checked.
    """
    import email_validator  # noqa: F401


def normalize_email(text: str) -> str | None:
    """The address as it should be sent (domain in lower case, Unicode normalised), or ``None``."""
    # Imported on first use: email_validator compiles its RFC regexes at import (~20 ms of start-up).
    from email_validator import EmailNotValidError, validate_email

    try:
        # No deliverability check: that would be a DNS query from the GUI's rules.
        return str(validate_email(text.strip(), check_deliverability=False).normalized)
    except EmailNotValidError:
        return None


def validate_email_address(text: str) -> str | None:
    """Return a problem with ``text`` as an invitee's e-mail address, or ``None`` when it is usable."""
    value = text.strip()
    if not value:
        return "Enter the e-mail address the invitation should go to."
    if "@" not in value:
        return "An e-mail address has an @ between the name and the domain, like ana@example.org."
    from email_validator import EmailNotValidError, validate_email

    try:
        normalized = str(validate_email(value, check_deliverability=False).normalized)
    except EmailNotValidError as error:
        # The library's own reason is specific ("The domain name example. is not valid…"); keep it.
        reason = str(error).strip() or "it is not a valid address"
        return f"This is not a usable e-mail address: {_sentence_body(reason)}. Check it for typing mistakes."
    if len(normalized) > EMAIL_MAX:
        return (f"CPSE Portal takes e-mail addresses of up to {EMAIL_MAX} characters; "
                f"this has {len(normalized)}.")
    return None


class EmailChecker:
    """validate_email_address/normalize_email, fast for a file full of addresses at a few domains.

    Spreadsheets (invitation batches, county imports) check thousands of addresses; the full rules take
    ~0.4 ms each, half of a county import's preview before this.

    A plain local part (letters, digits, ``.``, ``_``, ``%``, ``+``, ``-``; no leading, trailing or
    doubled dot) is valid whatever the domain is; the domain's verdict and normal form are asked once per
    domain. Every other address goes to the full rules, which also give the sentence for a bad one.
    """

    _PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*\Z")

    def __init__(self) -> None:
        self._domains: dict[str, str | None] = {}

    def check(self, text: str) -> tuple[str | None, str | None]:
        """``(normalised address, None)`` when usable, else ``(None, sentence)``."""
        value = text.strip()
        local, at, domain = value.rpartition("@")
        if at and len(local) <= 64 and self._PLAIN_LOCAL.match(local):
            if domain not in self._domains:
                normalized = normalize_email(f"x@{domain}")
                self._domains[domain] = normalized.rpartition("@")[2] if normalized else None
            known = self._domains[domain]
            if known is not None and len(local) + 1 + len(known) <= EMAIL_MAX:
                return f"{local}@{known}", None
        problem = validate_email_address(value)
        if problem is not None:
            return None, problem
        return normalize_email(value) or value, None


def validate_name(text: str, *, which: str) -> str | None:
    """A first or last name: required, at most ``NAME_MAX`` characters. ``which`` is "first" or "last"."""
    value = text.strip()
    if not value:
        return f"Enter the invitee's {which} name."
    if len(value) > NAME_MAX:
        return f"A {which} name can have up to {NAME_MAX} characters; this has {len(value)}."
    if any(not _name_character(ch) for ch in value):
        return f"The {which} name contains a character that cannot be printed; type it again."
    return None


# The zero-width joiner and non-joiner are invisible but part of how some names are spelled (Persian,
# the Indic scripts) and of emoji sequences; every other unprintable character (controls, line breaks,
# zero-width spaces, direction overrides) is a paste accident or a spoofing attempt.
_JOINERS = frozenset("\u200c\u200d")


def _name_character(ch: str) -> bool:
    return ch.isprintable() or ch in _JOINERS


def validate_profession(code: str) -> str | None:
    """Blank is fine (the provider can add it later); otherwise one of the CPSE Portal codes."""
    value = code.strip().upper()
    if not value or value in PROFESSIONS:
        return None
    return "Choose a profession from the list, or leave it blank for the provider to add later."


def validate_license(text: str) -> str | None:
    """A license number that cannot be sent (too long or unprintable); blank is fine."""
    value = text.strip()
    if len(value) > LICENSE_MAX:
        return f"A license number can have up to {LICENSE_MAX} characters; this has {len(value)}."
    if any(not ch.isprintable() for ch in value):
        return "The license number contains a character that cannot be printed; type it again."
    return None


def validate_therapist_npi(npi: str, profession: str) -> str | None:
    """The NPI of a service provider: required unless the profession is one without NPIs; if given, valid.

    The agency webinar: "NPI is extremely important. If they have one, use it." Aides and teachers have
    none, so for them a blank NPI is fine.
    """
    if npi.strip():
        return validate_npi(npi)
    code = profession.strip().upper()
    if not needs_npi(code):
        return None
    if code in PROFESSIONS:
        return (f"Enter their 10-digit NPI: a {PROFESSIONS[code]} bills under their own NPI, which CPSE "
                "Portal uses to make sure a person is entered only once.")  # fmt: skip
    return ("Enter their 10-digit NPI, or choose their profession if it is one without an NPI "
            "(an aide or a teacher, say).")  # fmt: skip


@dataclass(frozen=True, slots=True)
class KnownAdmin:
    """An active admin user of the provider on CPSE Portal: someone who can sign in for it already."""

    email: str
    username: str
    name: str


def admin_key(email: str) -> str:
    """How two addresses are compared for "already an admin user" or "invited twice": trimmed, and
    casefolded between two NFKC normalizations, as CPSE Portal compares them. Casefolding alone left
    "Ñina" typed as N + combining tilde a different address from the admin user's precomposed "Ñina",
    which the portal then refused after the clerk clicked Invite."""
    text = unicodedata.normalize("NFKC", email.strip())
    return unicodedata.normalize("NFKC", text.casefold())


def admins_by_email(admins: Iterable[KnownAdmin]) -> dict[str, KnownAdmin]:
    return {admin_key(admin.email): admin for admin in admins if admin.email}


def already_admin_sentence(admin: KnownAdmin, email: str) -> str:
    """Why no invitation goes to ``email``: a CPSE Portal user with that address can sign in already."""
    who = f"{admin.name}, username {admin.username}" if admin.name else f"username {admin.username}"
    return (
        f"{email.strip()} is already an admin user of this provider on CPSE Portal ({who}), so there is "
        "nothing to invite; if they forgot their password, they can reset it on the CPSE Portal sign-in page."
    )


def license_warning(text: str) -> str | None:
    """A warning (not a problem) when a license is not shaped like a NY license: 6 digits."""
    value = text.strip()
    if not value or (value.isascii() and value.isdigit() and len(value) == NY_LICENSE_DIGITS):
        return None
    return (
        f"New York license numbers usually have {NY_LICENSE_DIGITS} digits; check this one. "
        "You can still send the invitation."
    )


def check_invitation(
    form: InvitationForm, admins: Mapping[str, KnownAdmin] | None = None
) -> InvitationCheck:
    """Every problem and warning of the form, per field, and the form as it would be sent.

    ``admins`` (from :func:`admins_by_email`) are the provider's active admin users: an address among
    them is a problem, since that person can sign in already.
    """
    problems: dict[str, str] = {}
    warnings: dict[str, str] = {}
    for name, which in ((FIRST_NAME, "first"), (LAST_NAME, "last")):
        if problem := validate_name(getattr(form, name), which=which):
            problems[name] = problem
    if problem := validate_email_address(form.email):
        problems[EMAIL] = problem
    elif admins and (admin := admins.get(admin_key(form.email))) is not None:
        problems[EMAIL] = already_admin_sentence(admin, form.email)
    therapist = form.also_service_provider
    if therapist:
        if problem := validate_therapist_npi(form.npi, form.profession):
            problems[NPI] = problem
        if problem := validate_profession(form.profession):
            problems[PROFESSION] = problem
        if problem := validate_license(form.license):
            problems[LICENSE] = problem
        elif warning := license_warning(form.license):
            warnings[LICENSE] = warning
    normalized = replace(
        form,
        first_name=form.first_name.strip(),
        last_name=form.last_name.strip(),
        email=normalize_email(form.email) or form.email.strip(),
        npi=form.npi.strip() if therapist else "",
        profession=form.profession.strip().upper() if therapist else "",
        license=form.license.strip() if therapist else "",
    )
    return InvitationCheck(normalized, problems, warnings)


def _sentence_body(text: str) -> str:
    body = text.strip().rstrip(".")
    first_word = body.split(" ", 1)[0]
    if len(first_word) > 1 and first_word.isupper():  # an acronym ("IP") keeps its capitals
        return body
    return body[:1].lower() + body[1:]
