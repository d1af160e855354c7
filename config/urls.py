from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from chitieu.quyen import CONG_KHAI, DANG_NHAP, truy_cap
from config.views import suc_khoe

urlpatterns = [
    path("dang-nhap/", truy_cap(CONG_KHAI)(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
         name="dang-nhap"),
    path("dang-xuat/", truy_cap(CONG_KHAI, chi_post=True)(auth_views.LogoutView.as_view()), name="dang-xuat"),
    path("doi-mat-khau/", truy_cap(DANG_NHAP)(auth_views.PasswordChangeView.as_view()), name="password_change"),
    path("doi-mat-khau/xong/", truy_cap(DANG_NHAP)(auth_views.PasswordChangeDoneView.as_view()),
         name="password_change_done"),
    path("quen-mat-khau/", truy_cap(CONG_KHAI)(auth_views.PasswordResetView.as_view()), name="password_reset"),
    path("quen-mat-khau/da-gui/", truy_cap(CONG_KHAI)(auth_views.PasswordResetDoneView.as_view()),
         name="password_reset_done"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", truy_cap(CONG_KHAI)(auth_views.PasswordResetConfirmView.as_view()),
         name="password_reset_confirm"),
    path("dat-lai-mat-khau/xong/", truy_cap(CONG_KHAI)(auth_views.PasswordResetCompleteView.as_view()),
         name="password_reset_complete"),
    path("suc-khoe/", suc_khoe, name="suc-khoe"),
    path("admin/", admin.site.urls),
    path("", include("quytrinh.urls")),
    path("", include("chitieu.urls")),
    path("", include("baocao.urls")),
]
