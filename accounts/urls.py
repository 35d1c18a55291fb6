from django.urls import path

from accounts import views, views_users

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-in/forgotten-password/", views_users.password_reset, name="password_reset"),
    path("sign-in/forgotten-password/sent/", views_users.password_reset_sent, name="password_reset_sent"),
    path("sign-in/set-password/<str:uid>/<str:token>/", views_users.set_password, name="set_password"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/code/", views.two_factor_verify, name="two_factor_verify"),
    path("account/partnership/", views.partnership_switch, name="partnership_switch"),
    path("users/", views_users.user_list, name="user_list"),
    path("users/invite/", views_users.user_invite, name="user_invite"),
    path("users/<uuid:uuid>/", views_users.user_detail, name="user_detail"),
    path("users/<uuid:uuid>/roles/", views_users.user_roles, name="user_roles"),
    path("users/<uuid:uuid>/deactivate/", views_users.user_deactivate, name="user_deactivate"),
    path(
        "users/<uuid:uuid>/two-factor/reset/", views_users.user_two_factor_reset, name="user_two_factor_reset"
    ),
    path("users/<uuid:uuid>/invitation/", views_users.user_invitation_resend, name="user_invitation_resend"),
]
