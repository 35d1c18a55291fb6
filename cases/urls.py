from django.urls import path

from cases import views_cases, views_panels, views_referral

app_name = "cases"

urlpatterns = [
    path("refer/", views_referral.start, name="refer_start"),
    path("refer/check/", views_referral.check, name="refer_check"),
    path("refer/sent/<uuid:uuid>/", views_referral.done, name="refer_done"),
    path("refer/<slug:step>/", views_referral.step, name="refer_step"),
    path("my-referrals/", views_referral.my_referrals, name="my_referrals"),
    path("", views_cases.case_list, name="case_list"),
    path("queue/", views_cases.queue, name="queue"),
    path("assessment-factors/", views_cases.factors, name="factors"),
    path("<uuid:uuid>/", views_cases.referral_detail, name="referral_detail"),
    path("<uuid:uuid>/identity/", views_cases.identity, name="identity"),
    path("<uuid:uuid>/deconfliction/", views_cases.deconfliction, name="deconfliction"),
    path("<uuid:uuid>/gateway-decision/", views_cases.gateway_decision, name="gateway_decision"),
    path("<uuid:uuid>/sharing/new/", views_cases.sharing_create, name="sharing_create"),
    path("<uuid:uuid>/assessments/new/", views_cases.assessment_create, name="assessment_create"),
    path("<uuid:uuid>/equality-information/", views_cases.special_categories, name="special_categories"),
    path("sharing/<uuid:uuid>/answer/", views_cases.sharing_answer, name="sharing_answer"),
    path("assessments/<uuid:uuid>/", views_cases.assessment_detail, name="assessment_detail"),
    path("<uuid:uuid>/documents/new/", views_cases.document_create, name="document_create"),
    path("documents/<uuid:uuid>/", views_cases.document_download, name="document_download"),
    path("panels/", views_panels.meeting_list, name="meeting_list"),
    path("panels/new/", views_panels.meeting_create, name="meeting_create"),
    path("panels/<uuid:uuid>/", views_panels.meeting_detail, name="meeting_detail"),
    path("panels/<uuid:uuid>/invite/", views_panels.meeting_invite, name="meeting_invite"),
    path("panels/<uuid:uuid>/agenda/", views_panels.meeting_agenda_add, name="meeting_agenda_add"),
    path("panels/<uuid:uuid>/attendance/", views_panels.meeting_attendance, name="meeting_attendance"),
    path("panels/<uuid:uuid>/close/", views_panels.meeting_close, name="meeting_close"),
    path("panels/<uuid:uuid>/minutes.pdf", views_panels.meeting_minutes, name="meeting_minutes"),
    path(
        "panels/invitations/<uuid:uuid>/withdraw/",
        views_panels.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("panels/agenda/<uuid:uuid>/decision/", views_panels.agenda_decision, name="agenda_decision"),
]
