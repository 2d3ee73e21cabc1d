from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("<int:pk>/handout.pdf", views.handout, name="handout"),
    path("<int:pk>/summary.pdf", views.summary, name="summary"),
    path("<int:pk>/referral.pdf", views.referral, name="referral"),
    path("<int:pk>/addendum/<int:addendum_id>.pdf", views.addendum, name="addendum"),
    path("<int:pk>/preview/", views.preview, name="preview"),
]
