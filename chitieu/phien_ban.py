"""The version of the data (PostgreSQL): a value that changes whenever any transaction
that wrote to any table of the application commits, however it wrote — a form, the
admin, an import's bulk insert, a `QuerySet.update()`, raw SQL, a TRUNCATE. Pages whose
figures are costly to compute are kept between requests under this version
(`baocao.bo_dem`), so a page kept under a version is never shown once the data changed.

How: every table except the session and login-throttle tables carries a statement-level
trigger. `cai_dat` makes the two tables and the function and puts the trigger on every
table that lacks it; it runs after each `migrate` (chitieu/apps.py), so a new table gets it
too. They are not models: nothing in Django reads or writes them but this module. The first writing
statement of a transaction inserts one row into `ktxh_ghi_nhat_ky`; the row becomes
visible exactly when the transaction commits, and disappears with it on a rollback.

The version is the pair (number of committed rows, largest row id):
- the number grows by one with each commit, in whatever order transactions commit —
  which the largest id alone does not: a transaction that took id 100 and commits after
  the one that took 101 leaves the largest id unchanged;
- the largest id never repeats, because ids come from a sequence, which a rollback does
  not give back — so a state reached after a rolled-back transaction never wears the
  version of a state seen inside it.

Writers never wait for each other: each inserts its own row and no row is updated, except
that one transaction in a thousand folds the old rows into `ktxh_ghi_tong` (under a
non-blocking advisory lock, so two never do it at once) to keep the table small; the pair
is unchanged by the folding.

Within a transaction, only its first write inserts a row, so a transaction that writes,
reads the version, and writes again would still see the same version: the version is
meaningful only outside a transaction (`trong_giao_dich` below), which is how the pages
that use it run.

On SQLite (`make run`) there is no version and nothing is kept.
"""

from django.db import connections

NHAT_KY = "ktxh_ghi_nhat_ky"
TONG = "ktxh_ghi_tong"
HAM = "ktxh_danh_dau_ghi"
TRIGGER = "ktxh_danh_dau_ghi"
GOP_MOI = 1000  # every GOP_MOI-th row folds the rows older than GOP_MOI into the total
KHOA_GOP = 7_417_001  # the advisory-lock key of the folding

# Writes to these tables do not change what any page shows: sessions (written on every
# login and by the dashboards' "chỉ số liệu đã duyệt" choice, which pages key on anyway),
# the login throttle's records, uploads waiting for their preview to be confirmed (read
# only by the upload pages; every login clears the expired ones), and the version's own
# tables. Without them, each login would count as a change of the data.
KHONG_THEO_DOI = frozenset({
    "django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog", "chitieu_teptam",
    NHAT_KY, TONG,
})
# Columns whose change alone is not a change of the data: the time of a user's last login
# (written at every login). An UPDATE that sets only these does not fire the trigger.
COT_KHONG_THEO_DOI = {"auth_user": frozenset({"last_login"})}

TAO_BANG_VA_HAM = f"""
CREATE TABLE IF NOT EXISTS {NHAT_KY} (id bigserial PRIMARY KEY);
CREATE TABLE IF NOT EXISTS {TONG} (
    chi_mot smallint PRIMARY KEY DEFAULT 1 CHECK (chi_mot = 1),
    so bigint NOT NULL,
    id_lon bigint NOT NULL
);
INSERT INTO {TONG} (chi_mot, so, id_lon) VALUES (1, 0, 0) ON CONFLICT DO NOTHING;
CREATE OR REPLACE FUNCTION {HAM}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moi bigint;
    bot bigint;
    lon bigint;
BEGIN
    -- once per transaction; a rolled-back savepoint takes the setting back with its row
    IF current_setting('ktxh.da_ghi', true) IS DISTINCT FROM '1' THEN
        PERFORM set_config('ktxh.da_ghi', '1', true);
        INSERT INTO {NHAT_KY} DEFAULT VALUES RETURNING id INTO moi;
        IF moi % {GOP_MOI} = 0 AND pg_try_advisory_xact_lock({KHOA_GOP}) THEN
            WITH xoa AS (DELETE FROM {NHAT_KY} WHERE id <= moi - {GOP_MOI} RETURNING id)
            SELECT count(*), max(id) INTO bot, lon FROM xoa;
            IF bot > 0 THEN
                UPDATE {TONG} SET so = so + bot, id_lon = greatest(id_lon, lon);
            END IF;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
"""

DOC = f"""
SELECT t.so + n.so, greatest(t.id_lon, n.id_lon)
FROM {TONG} t, (SELECT count(*) AS so, coalesce(max(id), 0) AS id_lon FROM {NHAT_KY}) n
"""


def co_phien_ban(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


def trong_giao_dich(using: str = "default") -> bool:
    """Whether this connection is inside a transaction (Django's `atomic`), where the
    version would not change with the transaction's own later writes."""
    return connections[using].in_atomic_block


def doc(using: str = "default") -> tuple[int, int]:
    """The version of the data as committed now, read on `using`."""
    with connections[using].cursor() as con_tro:
        con_tro.execute(DOC)
        return tuple(con_tro.fetchone())


def cai_dat(using: str = "default") -> int:
    """Makes the tables and the function (or replaces the function), and puts the trigger
    on every table of the schema that does not have it and is not in KHONG_THEO_DOI;
    returns how many tables got it now. Idempotent; nothing on SQLite."""
    ket_noi = connections[using]
    if ket_noi.vendor != "postgresql":
        return 0
    with ket_noi.cursor() as con_tro:
        con_tro.execute(TAO_BANG_VA_HAM)
        con_tro.execute(
            """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
                 AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = %s)
               ORDER BY c.relname""",
            [TRIGGER],
        )
        cac_bang = [ten for (ten,) in con_tro.fetchall() if ten not in KHONG_THEO_DOI]
        for ten in cac_bang:
            _gan(con_tro, ket_noi.ops.quote_name, ten)
        for ten in COT_KHONG_THEO_DOI.keys() - set(cac_bang):  # columns may have been added since
            con_tro.execute("SELECT to_regclass(%s) IS NOT NULL", [ten])
            if con_tro.fetchone()[0]:
                _gan(con_tro, ket_noi.ops.quote_name, ten)
    return len(cac_bang)


def _gan(con_tro, quote_name, ten: str) -> None:
    su_kien = "UPDATE"
    if ten in COT_KHONG_THEO_DOI:
        con_tro.execute(
            """SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attnum > 0
               AND NOT attisdropped ORDER BY attnum""", [ten])
        cac_cot = [cot for (cot,) in con_tro.fetchall() if cot not in COT_KHONG_THEO_DOI[ten]]
        su_kien = "UPDATE OF " + ", ".join(quote_name(cot) for cot in cac_cot)
    con_tro.execute(f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR {su_kien} OR DELETE OR TRUNCATE "
                    f"ON {quote_name(ten)} FOR EACH STATEMENT EXECUTE FUNCTION {HAM}()")
