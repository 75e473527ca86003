"""The access matrix (issue 16 §1), generated: every pattern of the URL conf and every
operation of the OpenAPI document, as each of the six roles, reads and writes, against a world
with a non-public agreement and another unit's activity and follow-up. A route that EXPECTED
does not list fails the test, so a new endpoint cannot be forgotten.

Outcomes: ok · invalid (allowed, the empty form refused) · login (sign in first: a redirect,
or 401 from the API and the calendar) · deny (403: in sight, not allowed) · hide (404: out of
sight, answered as if it did not exist) · method (405).
"""

from __future__ import annotations

import pytest

from tests.access import world as w
from tests.access.probe import client_for, outcome, send, text_of

pytestmark = pytest.mark.django_db

# anonymous, viewer, coordination member, focal point (Ditjen P2P), officer, administrator
EVERYONE = ("ok",) * 6
NO_SUCH_METHOD = ("method",) * 6
SIGNED_IN = ("login", "ok", "ok", "ok", "ok", "ok")
INTERNAL = ("login", "hide", "ok", "ok", "ok", "ok")  # not public: a viewer is told nothing
# Not public and not shared with the coordination member's organisation: they are told nothing
# either (issue 14 §5); the public agreement is shared with it, the non-public one is not.
UNSHARED = ("login", "hide", "hide", "ok", "ok", "ok")
OFFICER_OF_UNSHARED = ("login", "hide", "hide", "deny", "ok", "deny")
OFFICER_OF_UNSHARED_INVALID = ("login", "hide", "hide", "deny", "invalid", "deny")
API_WRITE_OF_UNSHARED = ("login", "deny", "hide", "deny", "ok", "deny")
OFFICER = ("login", "deny", "deny", "deny", "ok", "deny")
OFFICER_INVALID = ("login", "deny", "deny", "deny", "invalid", "deny")
OFFICER_OR_OWN_FOCAL = ("login", "deny", "deny", "ok", "ok", "deny")
# Sent without the parent record it needs (plans/new/ posted with no agreement or partner)
# or asked without a stashed upload.
OFFICER_NOTHING_TO_FIND = ("login", "deny", "deny", "deny", "hide", "deny")
EVERYONE_NOT_FOUND = ("hide",) * 6
SIGNED_IN_NO_SUCH_METHOD = ("login",) + ("method",) * 5
# The officer's own (a job, a notification): another user's for everyone else, the
# administrator excepted for jobs (they see every job).
OWN_OFFICER = ("login", "hide", "hide", "hide", "ok", "hide")
OWN_OFFICER_OR_ADMIN = ("login", "hide", "hide", "hide", "ok", "ok")
# Read inside the ministry (officer, focal point, administrator), written by an officer; out of
# sight (404) for a viewer and for a coordination member (issue 14 §3, §6).
TREATY_READ = ("login", "hide", "hide", "ok", "ok", "ok")
TREATY_OFFICER = ("login", "hide", "hide", "deny", "ok", "deny")
TREATY_OFFICER_INVALID = ("login", "hide", "hide", "deny", "invalid", "deny")
# Clearance (mitra/clearance): coordination members see only clearances with a step of theirs.
CLEARANCE_READ = ("login", "hide", "hide", "ok", "ok", "ok")
CLEARANCE_OFFICER_INVALID = ("login", "hide", "hide", "deny", "invalid", "deny")
CLEARANCE_DECIDE_INVALID = ("login", "hide", "hide", "invalid", "invalid", "invalid")
# The API refuses a write from a role that may change nothing (a viewer) before it reads the
# record: "forbidden", whether or not the record exists.
API_CLEARANCE_OFFICER_INVALID = ("login", "deny", "hide", "deny", "invalid", "deny")
API_CLEARANCE_DECIDE_INVALID = ("login", "deny", "hide", "invalid", "invalid", "invalid")
# Trade figures and the roadmap (issue 15): the ministry's own roles read them; coordination
# members get nothing until sharing says so; only the bureau's officer writes.
MINISTRY = ("login", "hide", "hide", "ok", "ok", "ok")
MINISTRY_OFFICER = ("login", "hide", "hide", "deny", "ok", "deny")
MINISTRY_OFFICER_INVALID = ("login", "hide", "hide", "deny", "invalid", "deny")
# The health-security liaison: the bureau and the focal points read it; coordination members
# and viewers are told nothing. The bureau keeps the directory; focal points log notices too.
LIAISON_READ = ("login", "hide", "hide", "ok", "ok", "ok")
LIAISON_KEEP = ("login", "hide", "hide", "deny", "ok", "deny")
LIAISON_NOTICE = ("login", "hide", "hide", "ok", "ok", "deny")

EXPECTED: dict[str, tuple[str, ...]] = {
    "home GET": SIGNED_IN,
    "home POST": NO_SUCH_METHOD,
    "healthz GET": EVERYONE,
    "healthz POST": NO_SUCH_METHOD,
    "login GET": EVERYONE,
    "login POST": EVERYONE,  # the form again, with its error
    "logout GET": NO_SUCH_METHOD,
    "logout POST": ("login",) * 6,  # signed out, sent to the login page
    "profile GET": SIGNED_IN,
    "profile POST": SIGNED_IN,
    # No second factor is pending in these sessions: the verify page sends them on.
    "password_change GET": SIGNED_IN,
    "password_change POST": SIGNED_IN,  # the form again, with its errors
    "password_change_done GET": SIGNED_IN,
    "password_change_done POST": SIGNED_IN_NO_SUCH_METHOD,
    "password_reset GET": EVERYONE,
    "password_reset POST": EVERYONE,
    "password_reset_done GET": EVERYONE,
    "password_reset_done POST": NO_SUCH_METHOD,
    "password_reset_confirm GET": EVERYONE,  # says the link is not valid
    "password_reset_confirm POST": EVERYONE,
    "password_reset_complete GET": EVERYONE,
    "password_reset_complete POST": NO_SUCH_METHOD,
    "notifications:list GET": SIGNED_IN,  # each their own
    "notifications:list POST": NO_SUCH_METHOD,
    "notifications:read GET": NO_SUCH_METHOD,
    "notifications:read POST": OWN_OFFICER,
    "notifications:read_all GET": NO_SUCH_METHOD,
    "notifications:read_all POST": SIGNED_IN,
    "notifications:preferences GET": NO_SUCH_METHOD,
    "notifications:preferences POST": SIGNED_IN,
    # Another unit's duty under the non-public agreement.
    "workflow:occurrence GET": UNSHARED,
    "workflow:occurrence POST": NO_SUCH_METHOD,
    "workflow:occurrence_done GET": NO_SUCH_METHOD,
    "workflow:occurrence_done POST": OFFICER_OF_UNSHARED_INVALID,
    "workflow:obligation_create GET": OFFICER_OF_UNSHARED,
    "workflow:obligation_create POST": OFFICER_OF_UNSHARED,  # nothing sent: the form again
    "workflow:agreement_reminders GET": OFFICER_OF_UNSHARED,
    "workflow:agreement_reminders POST": OFFICER_OF_UNSHARED,
    "workflow:mute GET": NO_SUCH_METHOD,
    "workflow:mute POST": ("login",) + ("hide",) * 5,  # nothing named to mute
    "otp_verify GET": SIGNED_IN,
    "otp_verify POST": SIGNED_IN,
    "otp_setup GET": ("login", "hide", "hide", "hide", "ok", "ok"),
    "otp_setup POST": ("login", "hide", "hide", "hide", "invalid", "invalid"),
    "calendar GET": SIGNED_IN,
    "calendar POST": NO_SUCH_METHOD,
    "set_language GET": EVERYONE,
    "set_language POST": EVERYONE,
    "insights:brief GET": SIGNED_IN,
    "insights:brief POST": NO_SUCH_METHOD,
    "insights:brief_pdf GET": SIGNED_IN,
    "insights:brief_pdf POST": NO_SUCH_METHOD,
    "insights:portal GET": EVERYONE,
    "insights:portal POST": NO_SUCH_METHOD,
    "insights:inbox GET": SIGNED_IN,  # what is due for me: empty for those who act on nothing
    "insights:inbox POST": NO_SUCH_METHOD,
    "partners:create GET": OFFICER,
    "partners:create POST": OFFICER,
    "partners:edit GET": OFFICER,
    "partners:edit POST": OFFICER,
    "partners:archive GET": OFFICER,
    "partners:archive POST": OFFICER,
    "partners:contact_archive GET": NO_SUCH_METHOD,
    "partners:contact_archive POST": OFFICER,
    "partners:list GET": SIGNED_IN,
    "partners:list POST": NO_SUCH_METHOD,
    "partners:detail GET": SIGNED_IN,
    "partners:detail POST": NO_SUCH_METHOD,
    "partners:contact_add GET": NO_SUCH_METHOD,
    "partners:contact_add POST": OFFICER_INVALID,
    "agreements:list GET": SIGNED_IN,
    "agreements:list POST": NO_SUCH_METHOD,
    "agreements:create GET": OFFICER,
    "agreements:create POST": OFFICER,
    "agreements:edit GET": OFFICER_OF_UNSHARED,
    "agreements:edit POST": OFFICER_OF_UNSHARED,
    "agreements:archive GET": OFFICER_OF_UNSHARED,
    "agreements:archive POST": OFFICER_OF_UNSHARED,
    "agreements:renew GET": OFFICER,
    "agreements:renew POST": OFFICER,
    "agreements:document GET": UNSHARED,
    "agreements:document POST": NO_SUCH_METHOD,
    "agreements:detail GET": UNSHARED,
    "agreements:detail POST": NO_SUCH_METHOD,
    "agreements:step GET": NO_SUCH_METHOD,
    "agreements:step POST": OFFICER_OF_UNSHARED_INVALID,
    "agreements:document_upload GET": NO_SUCH_METHOD,
    "agreements:document_upload POST": OFFICER_OF_UNSHARED_INVALID,
    "agreements:share GET": NO_SUCH_METHOD,
    "agreements:share POST": OFFICER_OF_UNSHARED_INVALID,  # no organisation chosen
    # The public agreement's share with the coordination member's organisation.
    "agreements:unshare GET": NO_SUCH_METHOD,
    "agreements:unshare POST": OFFICER,
    # A question the officer asked on the non-public agreement: its author corrects it.
    "comments:questions GET": INTERNAL,  # each sees the questions on what they read
    "comments:questions POST": NO_SUCH_METHOD,
    "comments:thread GET": UNSHARED,
    "comments:thread POST": NO_SUCH_METHOD,
    "comments:post GET": NO_SUCH_METHOD,
    "comments:post POST": ("login", "hide", "hide", "invalid", "invalid", "invalid"),  # empty
    "comments:edit GET": OFFICER_OF_UNSHARED,
    "comments:edit POST": OFFICER_OF_UNSHARED_INVALID,
    "comments:answer GET": NO_SUCH_METHOD,
    "comments:answer POST": OFFICER_OF_UNSHARED,
    # Clearance of the non-public draft (none started; no template in this world, so a start
    # is refused as invalid). Inside the bureau it is read by every role; a coordination member
    # reads it only where a step is theirs (none here), a viewer never. The bureau starts and
    # resubmits; a step is decided by its assignees (no step is under way: invalid).
    "clearance:page GET": CLEARANCE_READ,
    "clearance:page POST": NO_SUCH_METHOD,
    "clearance:start GET": NO_SUCH_METHOD,
    "clearance:start POST": CLEARANCE_OFFICER_INVALID,
    "clearance:decide GET": NO_SUCH_METHOD,
    "clearance:decide POST": CLEARANCE_DECIDE_INVALID,
    "clearance:resubmit GET": NO_SUCH_METHOD,
    "clearance:resubmit POST": CLEARANCE_OFFICER_INVALID,
    "plans:create GET": OFFICER,  # no owner named: the officer is asked which one
    "plans:create POST": OFFICER_NOTHING_TO_FIND,
    "plans:mine GET": SIGNED_IN,
    "plans:mine POST": NO_SUCH_METHOD,
    "plans:edit GET": OFFICER,
    "plans:edit POST": OFFICER,
    "plans:activity_create GET": OFFICER,
    "plans:activity_create POST": OFFICER,
    "plans:indicator_create GET": OFFICER,
    "plans:indicator_create POST": OFFICER,
    # Another unit's activity: the focal point of Ditjen P2P sees it and may not change it.
    "plans:activity_edit GET": OFFICER,
    "plans:activity_edit POST": OFFICER,
    "plans:activity_status GET": NO_SUCH_METHOD,
    "plans:activity_status POST": OFFICER,
    "plans:activity_evidence GET": NO_SUCH_METHOD,
    "plans:activity_evidence POST": OFFICER,
    # The indicator and its result belong to the focal point's own unit's activity.
    "plans:result_report GET": OFFICER_OR_OWN_FOCAL,
    "plans:result_report POST": OFFICER_OR_OWN_FOCAL,
    "plans:result_edit GET": OFFICER_OR_OWN_FOCAL,
    "plans:result_edit POST": OFFICER_OR_OWN_FOCAL,
    "plans:result_review GET": NO_SUCH_METHOD,
    "plans:result_review POST": OFFICER,
    "plans:list GET": SIGNED_IN,
    "plans:list POST": NO_SUCH_METHOD,
    "plans:detail GET": SIGNED_IN,  # the plan of a public agreement
    "plans:detail POST": NO_SUCH_METHOD,
    "meetings:list GET": INTERNAL,
    "meetings:list POST": NO_SUCH_METHOD,
    "meetings:create GET": OFFICER,
    "meetings:create POST": OFFICER,
    "meetings:followups GET": INTERNAL,
    "meetings:followups POST": NO_SUCH_METHOD,
    "meetings:followup_status GET": NO_SUCH_METHOD,
    "meetings:followup_status POST": OFFICER_OF_UNSHARED,
    "meetings:followup_due GET": NO_SUCH_METHOD,
    "meetings:followup_due POST": OFFICER_OF_UNSHARED,
    "meetings:detail GET": UNSHARED,
    "meetings:detail POST": NO_SUCH_METHOD,
    "meetings:edit GET": OFFICER_OF_UNSHARED,
    "meetings:edit POST": OFFICER_OF_UNSHARED,
    "meetings:archive GET": NO_SUCH_METHOD,
    "meetings:archive POST": OFFICER_OF_UNSHARED,
    "meetings:followup_add GET": NO_SUCH_METHOD,
    "meetings:followup_add POST": OFFICER_OF_UNSHARED,
    "documents:detail GET": UNSHARED,
    "documents:detail POST": NO_SUCH_METHOD,
    "documents:file GET": UNSHARED,
    "documents:file POST": NO_SUCH_METHOD,
    "search:search GET": SIGNED_IN,
    "search:search POST": NO_SUCH_METHOD,
    "intake:review GET": OFFICER,
    "intake:review POST": NO_SUCH_METHOD,
    "intake:upload GET": OFFICER,
    "intake:upload POST": OFFICER,
    "intake:upload_many GET": NO_SUCH_METHOD,
    "intake:upload_many POST": OFFICER,
    "intake:decide GET": NO_SUCH_METHOD,
    "intake:decide POST": OFFICER,
    "interop:index GET": SIGNED_IN,  # exports hold what the reader may see (below)
    "interop:index POST": NO_SUCH_METHOD,
    "interop:upload GET": NO_SUCH_METHOD,
    "interop:upload POST": OFFICER,
    "interop:mapping GET": OFFICER_NOTHING_TO_FIND,
    "interop:mapping POST": OFFICER_NOTHING_TO_FIND,
    "interop:iati_upload GET": NO_SUCH_METHOD,
    "interop:iati_upload POST": OFFICER,
    "interop:export GET": NO_SUCH_METHOD,
    "interop:export POST": SIGNED_IN,  # of what the starter may read, as the downloads
    # The treaty record (issue 14 §3) of the non-public agreement: read inside the ministry
    # (not by coordination members yet), kept by the bureau. An empty record form is a valid
    # "nothing recorded"; an empty note or deadline is refused.
    "treaty:list GET": TREATY_READ,
    "treaty:list POST": NO_SUCH_METHOD,
    "treaty:export GET": TREATY_READ,
    "treaty:export POST": NO_SUCH_METHOD,
    "treaty:record GET": TREATY_READ,
    "treaty:record POST": TREATY_OFFICER,
    "treaty:note_add GET": NO_SUCH_METHOD,
    "treaty:note_add POST": TREATY_OFFICER_INVALID,
    "treaty:deadline_add GET": NO_SUCH_METHOD,
    "treaty:deadline_add POST": TREATY_OFFICER_INVALID,
    # The health globalisation team (§6): this world's coordination member belongs to no
    # member organisation, so the team does not exist for her (team/tests cover a member's).
    "team:page GET": TREATY_READ,
    "team:page POST": NO_SUCH_METHOD,
    "team:member_add GET": NO_SUCH_METHOD,
    "team:member_add POST": TREATY_OFFICER,  # refused with a message, back to the page
    "team:person_add GET": NO_SUCH_METHOD,
    "team:person_add POST": TREATY_OFFICER,
    "team:item_create GET": TREATY_OFFICER,
    "team:item_create POST": TREATY_OFFICER_INVALID,
    "team:item GET": TREATY_READ,
    "team:item POST": NO_SUCH_METHOD,
    "team:item_edit GET": TREATY_OFFICER,
    "team:item_edit POST": TREATY_OFFICER_INVALID,
    "team:position_set GET": NO_SUCH_METHOD,
    "team:position_set POST": TREATY_OFFICER_INVALID,
    "jobs:index GET": SIGNED_IN,  # each their own
    "jobs:index POST": NO_SUCH_METHOD,
    "jobs:detail GET": OWN_OFFICER_OR_ADMIN,
    "jobs:detail POST": NO_SUCH_METHOD,
    "jobs:retry GET": NO_SUCH_METHOD,
    "jobs:retry POST": OWN_OFFICER_OR_ADMIN,
    "jobs:download GET": OWN_OFFICER_OR_ADMIN,
    "jobs:download POST": NO_SUCH_METHOD,
    "trade:index GET": MINISTRY,
    "trade:index POST": NO_SUCH_METHOD,
    "trade:group GET": MINISTRY,
    "trade:group POST": NO_SUCH_METHOD,
    "trade:upload GET": NO_SUCH_METHOD,
    "trade:upload POST": MINISTRY_OFFICER_INVALID,  # no file sent
    "roadmap:index GET": MINISTRY,
    "roadmap:index POST": NO_SUCH_METHOD,
    "roadmap:create GET": NO_SUCH_METHOD,
    "roadmap:create POST": MINISTRY_OFFICER_INVALID,
    "roadmap:sector_add GET": NO_SUCH_METHOD,
    "roadmap:sector_add POST": MINISTRY_OFFICER_INVALID,
    "roadmap:assessment GET": MINISTRY_OFFICER,
    "roadmap:assessment POST": MINISTRY_OFFICER,  # every cell may be empty: saved
    "roadmap:detail GET": MINISTRY,
    "roadmap:detail POST": NO_SUCH_METHOD,
    "roadmap:pdf GET": MINISTRY,
    "roadmap:pdf POST": NO_SUCH_METHOD,
    "api:openapi-json GET": EVERYONE,
    "api:openapi-json POST": NO_SUCH_METHOD,
    "api:openapi-view GET": EVERYONE,
    "api:openapi-view POST": NO_SUCH_METHOD,
    "api:api-root GET": EVERYONE_NOT_FOUND,
    "api:api-root POST": EVERYONE_NOT_FOUND,
    "api:list_partners GET": SIGNED_IN,
    "api:create_partner POST": OFFICER,
    "api:get_partner GET": SIGNED_IN,
    "api:update_partner PATCH": OFFICER,
    "api:archive_partner POST": OFFICER,
    "api:list_agreements GET": SIGNED_IN,
    "api:create_agreement POST": OFFICER,
    "api:get_agreement GET": UNSHARED,
    # The API refuses a write from a role that may change nothing (a viewer) before it looks the
    # record up, so the viewer is told "forbidden" whether or not the agreement exists.
    "api:update_agreement PATCH": API_WRITE_OF_UNSHARED,
    "api:archive_agreement POST": API_WRITE_OF_UNSHARED,
    "api:get_clearance GET": CLEARANCE_READ,
    "api:start_clearance POST": API_CLEARANCE_OFFICER_INVALID,
    "api:approve_step POST": API_CLEARANCE_DECIDE_INVALID,
    "api:return_step POST": API_CLEARANCE_DECIDE_INVALID,
    "api:resubmit_clearance POST": API_CLEARANCE_OFFICER_INVALID,
    "api:list_plans GET": SIGNED_IN,
    "api:list_activities GET": SIGNED_IN,
    "api:get_activity GET": SIGNED_IN,
    "api:update_activity PATCH": OFFICER,
    "api:list_indicators GET": SIGNED_IN,
    "api:list_results GET": SIGNED_IN,
    "api:report_result POST": OFFICER_OR_OWN_FOCAL,
    "api:review_result POST": OFFICER,
    "api:list_meetings GET": INTERNAL,
    # Funding and sustainability on the non-public agreement: an empty form is told so (302).
    "plans:commitment_add GET": NO_SUCH_METHOD,
    "plans:commitment_add POST": OFFICER_OF_UNSHARED,
    "plans:sustainability_set GET": NO_SUCH_METHOD,
    "plans:sustainability_set POST": OFFICER_OF_UNSHARED,
    "liaison:index GET": LIAISON_READ,
    "liaison:index POST": NO_SUCH_METHOD,
    "liaison:directory_xlsx GET": LIAISON_READ,
    "liaison:directory_xlsx POST": NO_SUCH_METHOD,
    "liaison:directory_pdf GET": LIAISON_READ,
    "liaison:directory_pdf POST": NO_SUCH_METHOD,
    "liaison:contact_create GET": LIAISON_KEEP,
    "liaison:contact_create POST": LIAISON_KEEP,  # nothing sent: the form again
    "liaison:contact_edit GET": LIAISON_KEEP,
    "liaison:contact_edit POST": LIAISON_KEEP,
    "liaison:contact_verify GET": NO_SUCH_METHOD,
    "liaison:contact_verify POST": LIAISON_KEEP,
    "liaison:contact_archive GET": NO_SUCH_METHOD,
    "liaison:contact_archive POST": LIAISON_KEEP,
    "liaison:test_record GET": LIAISON_KEEP,
    "liaison:test_record POST": LIAISON_KEEP,  # nothing sent: the form again
    "liaison:notice_create GET": LIAISON_NOTICE,
    "liaison:notice_create POST": LIAISON_NOTICE,
    "liaison:notice GET": LIAISON_READ,
    "liaison:notice POST": NO_SUCH_METHOD,
    "liaison:notice_acknowledge GET": NO_SUCH_METHOD,
    "liaison:notice_acknowledge POST": LIAISON_NOTICE,
    "liaison:notice_correct GET": LIAISON_NOTICE,
    "liaison:notice_correct POST": LIAISON_NOTICE,
    "api:create_meeting POST": OFFICER,
    "api:list_followups GET": INTERNAL,
    "api:get_meeting GET": UNSHARED,
    "api:set_followup_status POST": API_WRITE_OF_UNSHARED,
    "api:list_documents GET": SIGNED_IN,
    "api:get_document GET": UNSHARED,
}

# What a viewer must never read, anywhere: the non-public agreement and its document.
SECRETS = ("Posisi runding",)
# Exports and downloads are pages too: each asked for in every format it has.
EXPORTS = (
    "/agreements/?format=csv",
    "/agreements/?format=xlsx",
    "/partners/?format=csv",
    "/partners/KAZ/?format=csv",
    # The registry's exports run as the starter's background job; its file is downloaded.
    "/interop/export/?format=xlsx",
    "/interop/export/?format=iati",
    "/?export=scorecards",
    "/search/?q=runding",
    "/calendar.ics",
)


@pytest.fixture
def world(db) -> w.World:
    return w.build()


def _routes(world: w.World) -> list[w.Route]:
    return w.page_routes(world) + w.api_routes(world)


def test_every_route_and_operation_is_in_the_matrix(world):
    """A new pattern or API operation must be given its expected answers here."""
    keys = {f"{r.name} {m}" for r in _routes(world) for m in r.methods}
    assert sorted(keys - EXPECTED.keys()) == []
    assert sorted(EXPECTED.keys() - keys) == []


@pytest.mark.parametrize("role", w.ROLES)
def test_each_role_gets_exactly_what_the_matrix_says(world, role):
    column = w.ROLES.index(role)
    client = client_for(world, role)
    violations = []
    for route in _routes(world):
        for method in route.methods:
            response = send(client, route, method)
            got = outcome(response.status_code, response.get("Location", ""))
            want = EXPECTED[f"{route.name} {method}"][column]
            if got != want:
                violations.append(f"{method} {route.path}: {got}, expected {want}")
            if got == "ok" and role == "viewer" and method == "GET":
                body = text_of(response)
                violations += [f"GET {route.path} shows {s!r}" for s in SECRETS if s in body]
            if route.name == "logout":
                client = client_for(world, role)  # signed out: sign in again
    assert violations == []


@pytest.mark.parametrize("role", ["viewer", "officer"])
def test_exports_search_and_calendar_hold_only_what_the_reader_may_see(world, role):
    client = client_for(world, role)
    for path in EXPORTS:
        if path.startswith("/interop/export/"):
            started = client.post("/interop/export/", {"format": path.rsplit("=", 1)[1]})
            assert started.status_code == 302 and started["Location"].startswith("/jobs/"), path
            response = client.get(started["Location"] + "download/")
        else:
            response = client.get(path)
        assert response.status_code == 200, path
        shown = any(s in text_of(response) for s in SECRETS)
        # The officer's copy is the control: the secret is there to be found.
        if path.startswith(("/agreements/", "/interop/export/?format=xlsx", "/search/")):
            assert shown == (role == "officer"), path
        else:
            assert not shown or role == "officer", path


def test_a_focal_point_changes_their_own_units_activity_and_follow_up(world):
    client = client_for(world, "focal")
    own, other = world.objects["own_activity"], world.objects["other_activity"]
    assert (
        client.post(f"/plans/activities/{own.pk}/status/", {"status": "ongoing"}).status_code < 400
    )
    assert (
        client.post(f"/plans/activities/{other.pk}/status/", {"status": "ongoing"}).status_code
        == 403
    )
    own_f, other_f = world.objects["own_followup"], world.objects["other_followup"]
    due = {"due_date": "2026-06-30"}
    assert client.post(f"/meetings/follow-ups/{own_f.pk}/due/", due).status_code == 302
    assert client.post(f"/meetings/follow-ups/{other_f.pk}/due/", due).status_code == 403
    own.refresh_from_db()
    other.refresh_from_db()
    own_f.refresh_from_db()
    other_f.refresh_from_db()
    assert own.status == "ongoing" and other.status == "planned"
    assert str(own_f.due_date) == "2026-06-30" and str(other_f.due_date) == "2026-01-30"
    # An obligation's due date is done by its owner unit's focal point, not another unit's.
    own_o, other_o = world.objects["own_occurrence"], world.objects["other_occurrence"]
    done = {"done_on": "2026-01-15", "document": world.objects["document"].pk}
    assert client.post(f"/obligations/{own_o.pk}/done/", done).status_code == 302
    assert client.post(f"/obligations/{other_o.pk}/done/", done).status_code == 403
    own_o.refresh_from_db()
    other_o.refresh_from_db()
    assert (own_o.status, other_o.status) == ("done", "open")


ADMIN_PAGES = (
    "/admin/",
    "/admin/accounts/user/",
    "/admin/accounts/unit/",
    "/admin/axes/accessattempt/",
)


@pytest.mark.parametrize("role", w.ROLES)
def test_the_admin_is_the_administrators_alone(world, role):
    client = client_for(world, role)
    for path in ADMIN_PAGES:
        got = outcome(*(lambda r: (r.status_code, r.get("Location", "")))(client.get(path)))
        assert got == ("ok" if role == "admin" else "login"), (path, got)
