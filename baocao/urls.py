from django.urls import path

from . import views
from . import views_bao_cao

urlpatterns = [
    path("", views.tong_quan, name="baocao-tong-quan"),
    path("don-vi/<slug:ma_don_vi>/", views.don_vi_moi_nhat, name="baocao-don-vi-moi-nhat"),
    path("don-vi/<slug:ma_don_vi>/<slug:ky>/", views.don_vi, name="baocao-don-vi"),
    path("chi-tieu/<str:ma_chi_tieu>/<slug:ky>/", views.chi_tieu, name="baocao-chi-tieu"),
    path("xu-huong/<slug:ma_don_vi>/<str:ma_chi_tieu>/", views.xu_huong, name="baocao-xu-huong"),
    path("bao-cao/<slug:ma_don_vi>/<slug:ky>/", views_bao_cao.bao_cao, name="baocao-bao-cao"),
    path("bao-cao/<slug:ma_don_vi>/<slug:ky>/docx/", views_bao_cao.bao_cao_docx, name="baocao-bao-cao-docx"),
    path("bao-cao/<slug:ma_don_vi>/<slug:ky>/xlsx/", views_bao_cao.bao_cao_xlsx, name="baocao-bao-cao-xlsx"),
]
