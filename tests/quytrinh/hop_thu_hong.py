"""An email backend whose server is down, for the retry test."""

from django.core.mail.backends.base import BaseEmailBackend


class HopThuHong(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("máy chủ thư không trả lời")
