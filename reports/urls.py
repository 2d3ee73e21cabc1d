from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("<int:pk>/handout.pdf", views.handout, name="handout"),
    path("<int:pk>/summary.pdf", views.summary, name="summary"),
    path("<int:pk>/preview/", views.preview, name="preview"),
]
