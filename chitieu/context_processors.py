from . import quyen


def quyen_nguoi_dung(request) -> dict:
    """What the navigation may offer this user (the rules themselves live in `quyen`)."""
    nguoi = getattr(request, "user", None)
    if nguoi is None or not nguoi.is_authenticated:
        return {}
    vai_tro = quyen.vai_tro(nguoi)
    return {"menu": {
        "nhap_lieu": bool(vai_tro & {quyen.QUAN_TRI, quyen.TONG_HOP, quyen.NHAP_LIEU}),
        "duyet": quyen.co_the_duyet(nguoi),
        "vai_tro": ", ".join(sorted(vai_tro)),
    }}
