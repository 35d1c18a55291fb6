from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/code/", views.two_factor_verify, name="two_factor_verify"),
    path("account/partnership/", views.partnership_switch, name="partnership_switch"),
]
