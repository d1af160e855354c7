from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="dang-nhap"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="dang-xuat"),
    path("admin/", admin.site.urls),
    path("", include("baocao.urls")),
]
