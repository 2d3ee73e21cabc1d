from django.urls import path

from exam import views

app_name = "exam"

urlpatterns = [
    path("<int:pk>/", views.encounter, name="encounter"),
    path("<int:pk>/step/<slug:step>/", views.step, name="step"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/step/<slug:step>/bulk/", views.bulk, name="bulk"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/side/", views.change_side, name="side"),
    path("<int:pk>/addendum/", views.addendum, name="addendum"),
    path("<int:pk>/phase/", views.phase, name="phase"),
]
