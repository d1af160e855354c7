from django.urls import path

from . import views, views_excel

urlpatterns = [
    path("nhap-lieu/", views.chon_nhap_lieu, name="chitieu-chon-nhap-lieu"),
    path("nhap-lieu/<slug:ma_don_vi>/<slug:ky>/", views.nhap_lieu, name="chitieu-nhap-lieu"),
    path("nhap-lieu/<slug:ma_don_vi>/<slug:ky>/xem-truoc/", views.nhap_lieu_xem_truoc,
         name="chitieu-nhap-lieu-xem-truoc"),
    path("nhap-lieu/<slug:ma_don_vi>/<slug:ky>/gui/", views.gui, name="chitieu-gui"),
    path("nhap-lieu/<slug:ma_don_vi>/<slug:ky>/mo-khoa/", views.mo_khoa, name="chitieu-mo-khoa"),
    path("ke-hoach/<slug:ma_don_vi>/<int:nam>/", views.ke_hoach, name="chitieu-ke-hoach"),
    path("ke-hoach/<slug:ma_don_vi>/<int:nam>/<str:ma_chi_tieu>/<slug:ma_nguon>/", views.ke_hoach_mot,
         name="chitieu-ke-hoach-mot"),
    path("lich-su/<slug:ma_don_vi>/<slug:ky>/", views.lich_su, name="chitieu-lich-su"),
    path("lich-su/<slug:ma_don_vi>/<slug:ky>/<str:ma_chi_tieu>/", views.lich_su_o, name="chitieu-lich-su-o"),
    path("excel/bieu-mau/<slug:ma_don_vi>/<slug:ky>/", views_excel.bieu_mau_don_vi, name="chitieu-excel-bieu-mau"),
    path("excel/bieu-mau/<slug:ky>/", views_excel.bieu_mau_ky, name="chitieu-excel-bieu-mau-ky"),
    path("excel/nhap/", views_excel.nhap, name="chitieu-excel-nhap"),
    path("excel/nhap/<str:ma_tep>/", views_excel.xem_truoc, name="chitieu-excel-xem-truoc"),
    path("excel/nhap/<str:ma_tep>/xac-nhan/", views_excel.xac_nhan, name="chitieu-excel-xac-nhan"),
    path("excel/nhap/<str:ma_tep>/huy/", views_excel.huy, name="chitieu-excel-huy"),
]
