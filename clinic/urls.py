from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clinic import views
from clinic.forms import LoginForm

clinic_patterns = [
    path("", views.patient_list, name="patient_list"),
    path("patients/new/", views.patient_create, name="patient_create"),
    path("patients/<int:pk>/", views.patient_detail, name="patient_detail"),
    path("patients/<int:pk>/edit/", views.patient_edit, name="patient_edit"),
    path("patients/<int:pk>/encounters/new/", views.encounter_start, name="encounter_start"),
    path("patients/<int:pk>/follow-ups/new/", views.follow_up_start, name="follow_up_start"),
    path("session/keepalive/", views.session_keepalive, name="session_keepalive"),
]

urlpatterns = [
    path("", include((clinic_patterns, "clinic"))),
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("encounters/", include("exam.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
