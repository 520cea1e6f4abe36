from django.urls import path

from .views import audit, identity, staff

app_name = "profiles_staff"

urlpatterns = [
    path("", staff.staff_index, name="index"),
    path("organisations/", staff.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/", staff.organisation_detail, name="organisation_detail"),
    path("audit/", audit.audit_list, name="audit"),
    path("audit.csv", audit.audit_csv, name="audit_csv"),
    path("invitations/new/", staff.invite_officer, name="invite_officer"),
    path("identity-changes/", identity.identity_change_list, name="identity_change_list"),
    path("identity-changes/<int:pk>/", identity.identity_change_detail, name="identity_change_detail"),
]
