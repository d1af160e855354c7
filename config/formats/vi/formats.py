"""Vietnamese formats, overriding Django's own `vi` module.

Django's module leaves NUMBER_GROUPING unset (so 447142 is not shown as 447.142) and
has no input formats (so 05/06/2023 is read month-first, as 6 May). Administrative
documents write dates as dd/mm/yyyy.
"""

DATE_FORMAT = r"\n\gà\y d \t\há\n\g m \nă\m Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"H:i \n\gà\y d/m/Y"
YEAR_MONTH_FORMAT = r"\t\há\n\g m/Y"
MONTH_DAY_FORMAT = "d/m"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
