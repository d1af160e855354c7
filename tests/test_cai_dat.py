"""The project is consistent: checks pass and every model change has its migration."""

from io import StringIO

import pytest
from django.core.management import call_command


def test_django_system_checks_pass():
    call_command("check", fail_level="WARNING", stdout=StringIO())


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_vietnamese_formats_group_thousands_and_read_dates_day_first():
    from datetime import date
    from decimal import Decimal

    from django.forms import DateField
    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.number_format(Decimal("447142.5"), 1, use_l10n=True, force_grouping=True) == "447.142,5"
        assert DateField().clean("05/06/2023") == date(2023, 6, 5)
