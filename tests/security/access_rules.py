"""Which rule of an app's permissions.py answers a route of the access table (access_table.py) for every
signed-in role."""

from collections.abc import Callable

from matching import permissions as matching_rules
from needs import permissions as needs_rules
from offers import permissions as offers_rules
from profiles import permissions as profiles_rules

# Routes whose answer to every signed-in role is one rule of an app's permissions.py: the user may use the
# route exactly when the rule says so. The harness checks that the table and the rules agree, before and
# after a suspension, so that neither changes without the other.
RULE_OF_ROUTE: dict[str, Callable] = {
    "offers:catalogue": lambda w, user: offers_rules.may_browse_catalogue(user),
    "offers:saved_searches": lambda w, user: offers_rules.may_browse_catalogue(user),
    "offers:edit": lambda w, user: offers_rules.may_edit_offer(user, w.published_offer),
    "offers:scoring": lambda w, user: offers_rules.may_edit_offer(user, w.published_offer),
    "offers:publish": lambda w, user: offers_rules.may_publish(user, w.draft_offer),
    "needs:create": lambda w, user: needs_rules.may_write_requests(user),
    "needs:edit": lambda w, user: needs_rules.may_manage(user, w.restricted_request),
    "needs:scoring": lambda w, user: needs_rules.may_manage(user, w.restricted_request),
    "profiles_staff:audit": lambda w, user: profiles_rules.is_staff(user),
    "profiles_staff:audit_csv": lambda w, user: profiles_rules.is_staff(user),
    "profiles_staff:organisation_list": lambda w, user: profiles_rules.is_staff(user),
    "profiles_staff:identity_change_list": lambda w, user: profiles_rules.is_staff(user),
    "profiles_staff:identity_change_detail#decide": lambda w, user: profiles_rules.may_decide_identity_change(
        user, w.identity_change
    ),
    "profiles:remove_member": lambda w, user: profiles_rules.may_manage_people_of(user, w.startup_a_org),
    "profiles:registration_document": lambda w, user: profiles_rules.may_read_registration_documents(
        user, w.startup_a_org
    ),
    "profiles_staff:review_vetting_proposal": lambda w, user: profiles_rules.may_confirm_vetting(
        user, w.vetting_proposal
    ),
    "matching:queue": lambda w, user: matching_rules.may_curate(user),
    "matching:queue_more": lambda w, user: matching_rules.may_curate(user),
    "matching:request_curator": lambda w, user: needs_rules.may_assign_curators(user),
    "matching_parties:move": lambda w, user: matching_rules.may_answer(user, w.proposed_match),
    "matching_parties:request_introduction": lambda w, user: matching_rules.may_request_introduction(user),
    "matching_parties:area_suggestions": lambda w, user: matching_rules.may_suggest_areas(user),
    "matching_parties:licence_override": lambda w, user: matching_rules.may_override_licence(user, w.accepted_match),
    "matching:trial_slots": lambda w, user: matching_rules.may_keep_trial_slots(user),
}
