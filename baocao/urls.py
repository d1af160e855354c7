from django.urls import path

from . import views

urlpatterns = [
    path("", views.tong_quan, name="baocao-tong-quan"),
    path("don-vi/<slug:ma_don_vi>/", views.don_vi_moi_nhat, name="baocao-don-vi-moi-nhat"),
    path("don-vi/<slug:ma_don_vi>/<slug:ky>/", views.don_vi, name="baocao-don-vi"),
]
