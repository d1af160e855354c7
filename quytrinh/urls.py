from django.urls import path

from . import views

urlpatterns = [
    path("tinh-trang-nop/", views.tinh_trang_nop_moi_nhat, name="quytrinh-tinh-trang-nop-moi-nhat"),
    path("tinh-trang-nop/<slug:ky>/", views.tinh_trang_nop, name="quytrinh-tinh-trang-nop"),
    path("tinh-trang-nop/<slug:ky>/duyet/", views.duyet, name="quytrinh-duyet"),
    path("nhap-lieu/<slug:ma_don_vi>/<slug:ky>/tra-lai/", views.tra_lai, name="quytrinh-tra-lai"),
    path("nhap-lieu/<slug:ma_don_vi>/<slug:ky>/thu-hoi-duyet/", views.thu_hoi_duyet, name="quytrinh-thu-hoi-duyet"),
    path("nhap-lieu/<slug:ma_don_vi>/<slug:ky>/de-nghi-mo-khoa/", views.de_nghi_mo_khoa,
         name="quytrinh-de-nghi-mo-khoa"),
    path("nhap-lieu/<slug:ma_don_vi>/<slug:ky>/de-nghi-mo-khoa/quyet-dinh/", views.quyet_dinh_mo_khoa,
         name="quytrinh-quyet-dinh-mo-khoa"),
    path("han-nop/", views.han_nop_moi_nhat, name="quytrinh-han-nop-moi-nhat"),
    path("han-nop/<int:nam>/", views.han_nop, name="quytrinh-han-nop"),
    path("thong-bao/", views.thong_bao, name="quytrinh-thong-bao"),
    path("thong-bao/<int:so_thong_bao>/", views.mo_thong_bao, name="quytrinh-mo-thong-bao"),
    path("thong-bao/doc-het/", views.doc_het, name="quytrinh-doc-het"),
    path("thong-bao/cai-dat/", views.cai_dat_thong_bao, name="quytrinh-cai-dat-thong-bao"),
    path("giai-trinh/", views.danh_sach_giai_trinh, name="quytrinh-danh-sach-giai-trinh"),
    path("giai-trinh/<slug:ma_don_vi>/<slug:ky>/<str:ma_chi_tieu>/", views.giai_trinh, name="quytrinh-giai-trinh"),
    path("giai-trinh/<slug:ma_don_vi>/<slug:ky>/<str:ma_chi_tieu>/dong/", views.dong_giai_trinh,
         name="quytrinh-dong-giai-trinh"),
    path("giai-trinh/<slug:ma_don_vi>/<slug:ky>/<str:ma_chi_tieu>/bao-cao/", views.giai_trinh_bao_cao,
         name="quytrinh-giai-trinh-bao-cao"),
]
