from django.urls import path

from .views import audit, identity, staff, vetting

app_name = "profiles_staff"

urlpatterns = [
    path("", staff.staff_index, name="index"),
    path("organisations/", staff.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/", staff.organisation_detail, name="organisation_detail"),
    path("vetting-proposals/<int:pk>/review/", vetting.review_proposal, name="review_vetting_proposal"),
    path("audit/", audit.audit_list, name="audit"),
    path("audit.csv", audit.audit_csv, name="audit_csv"),
    path("invitations/new/", staff.invite_officer, name="invite_officer"),
    path("identity-changes/", identity.identity_change_list, name="identity_change_list"),
    path("identity-changes/<int:pk>/", identity.identity_change_detail, name="identity_change_detail"),
]
