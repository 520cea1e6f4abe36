from django.urls import path

from .views import account, auth, home, invitations, members, tokens, two_factor, vetting

app_name = "profiles"

urlpatterns = [
    path("register/", auth.register, name="register"),
    path("register/sent/", auth.register_done, name="register_done"),
    path("account/confirm/<str:token>/", auth.confirm_email, name="confirm_email"),
    path("account/login/", auth.login, name="login"),
    path("account/logout/", auth.logout, name="logout"),
    path("account/password-reset/", auth.password_reset, name="password_reset"),
    path("account/password-reset/sent/", auth.password_reset_done, name="password_reset_done"),
    path("account/password-reset/<uidb64>/<token>/", auth.password_reset_confirm, name="password_reset_confirm"),
    path("account/password-reset/done/", auth.password_reset_complete, name="password_reset_complete"),
    path("account/two-factor/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("invitations/<str:token>/", invitations.accept_invitation, name="accept_invitation"),
    path("account/tokens/", tokens.tokens, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", tokens.revoke_token, name="revoke_api_token"),
    path("account/my-data/", account.my_data, name="my_data"),
    path("account/close/", account.close_account, name="close_account"),
    path("home/", home.home, name="home"),
    path("organisation/documents/", vetting.registration_documents, name="registration_documents"),
    path("organisation/documents/<int:pk>/", vetting.registration_document, name="registration_document"),
    path("organisation/members/", members.members, name="members"),
    path("organisation/members/<int:pk>/remove/", members.remove_member, name="remove_member"),
    path("organisation/invitations/<int:pk>/revoke/", members.revoke_invitation, name="revoke_invitation"),
]
