"""Synthetic reports for demos and benchmarks, written at bulk speed.

Realistic enough to exercise every part of aggregation: real catalog channels, each with
its own true success rate and typical delay (dead channels rarely work), some channels that
got worse lately, dates over two years, English and French tips that recur with noise
(case, typos, punctuation, extra words), one-off tips, and held, rejected and spam
reports. Generated column-wise with numpy; written with COPY on PostgreSQL and
executemany on SQLite.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from django.db import connection, transaction

from platforms.models import ContactChannel, Platform, ProblemType
from surveys.models import Report

# How often each problem is reported, relative to the others (hacked accounts dominate).
PROBLEM_WEIGHTS = {
    "cannot-log-in": 5,
    "hacked-account": 6,
    "disabled-account": 4,
    "monetization": 2,
    "registration": 1,
    "ads-billing-refund": 2,
    "impersonation": 2,
    "harassment-report": 2,
}
PLATFORM_WEIGHTS = {"facebook": 6, "instagram": 6, "tiktok": 4, "youtube": 4, "x": 3}

TIPS = {
    "en": [
        "Use the official {p} form and upload a photo of your ID",
        "Be patient, {p} took a week to answer",
        "Reply to the automatic email from {p}, a human answered the second time",
        "Send the appeal from a computer, not from the phone app",
        "Turn on two factor authentication as soon as you get the account back",
        "Keep every email from {p} and quote the case number when you write again",
        "Do not pay anyone who says they can recover your {p} account",
        "Write in English, it was faster than in my own language",
        "Follow the steps in the {p} help centre exactly, in order",
        "Ask a friend to report the fake account too, it went faster",
    ],
    "fr": [
        "Utilisez le formulaire officiel de {p} et joignez une photo de votre pièce d'identité",
        "Soyez patient, {p} a mis une semaine à répondre",
        "Répondez au mail automatique de {p}, un humain a répondu la deuxième fois",
        "Envoyez la contestation depuis un ordinateur, pas depuis l'application",
        "Activez la double authentification dès que vous récupérez le compte",
        "Gardez tous les mails de {p} et rappelez le numéro de dossier",
        "Ne payez personne qui prétend pouvoir récupérer votre compte {p}",
        "Écrivez en anglais, c'était plus rapide qu'en français",
        "Suivez les étapes du centre d'aide de {p} dans l'ordre exact",
        "Demandez à un ami de signaler aussi le faux compte, ça a été plus vite",
    ],
}
EXTRA = {
    "en": [" thanks", " hope it helps", " good luck", "!!", "."],
    "fr": [" merci", " bon courage", " j'espère que ça aide", " !", "."],
}
NOISE_WORDS = [
    *("account support email code phone appeal waited days form again never answer help",),
    *("page login reset password team review week month finally nothing worked tried",),
    *("compte aide mail jamais réponse attendu semaine formulaire enfin rien marché",),
]
NOISE_WORDS = [word for line in NOISE_WORDS for word in line.split(" ")]
HELD_TIPS = [
    "Call the recovery expert at +1 888 555 0199, he got my account back",
    "Contactez le hacker éthique sur Telegram @recup_compte_pro",
]
SPAM_TIPS = ["Buy real followers cheap at followers-shop.example", "Gagnez 500 euros par jour"]
VARIANTS = 12
# From this many rows on, rebuilding indexes after the load beats maintaining them per row.
BULK_ROWS = 100_000


@dataclass(frozen=True)
class Catalog:
    platforms: dict[int, str]
    cases: pd.DataFrame  # platform_id, problem_id, channel_id, dead, weight


def catalog_cases(*, platform_slug: str | None = None) -> Catalog:
    problems = {p.pk: p.slug for p in ProblemType.objects.all()}
    platforms = dict(Platform.objects.active().values_list("id", "name"))
    slugs = dict(Platform.objects.active().values_list("id", "slug"))
    links = ContactChannel.problems.through.objects.filter(
        contactchannel__active=True, contactchannel__platform__active=True
    ).values_list(
        "contactchannel__platform_id",
        "problemtype_id",
        "contactchannel_id",
        "contactchannel__verification",
    )
    cases = pd.DataFrame(list(links), columns=["platform_id", "problem_id", "channel_id", "ver"])
    if platform_slug is not None:
        cases = cases[cases["platform_id"].map(slugs) == platform_slug].reset_index(drop=True)
    cases["dead"] = cases["ver"] == ContactChannel.Verification.KNOWN_DEAD
    cases["weight"] = (
        cases["platform_id"].map(lambda pk: PLATFORM_WEIGHTS.get(slugs[pk], 2))
        * cases["problem_id"].map(lambda pk: PROBLEM_WEIGHTS.get(problems[pk], 1))
        * np.where(cases["dead"], 0.3, 1.0)
    )
    return Catalog(platforms=platforms, cases=cases.drop(columns="ver"))


def _variants(text: str, language: str, rng: np.random.Generator) -> list[str]:
    """The same tip as different people type it."""
    out = [text]
    while len(out) < VARIANTS:
        variant = text
        kind = rng.integers(0, 4)
        if kind == 0:
            variant = variant.lower()
        elif kind == 1 and len(variant) > 10:
            i = int(rng.integers(1, len(variant) - 2))
            variant = variant[:i] + variant[i + 1] + variant[i] + variant[i + 2 :]
        elif kind == 2:
            variant = variant.replace(",", "").replace("'", "’")
        variant += EXTRA[language][int(rng.integers(0, len(EXTRA[language])))]
        out.append(variant)
    return out


def demo_frame(*, count: int, seed: int, now: datetime, catalog: Catalog) -> pd.DataFrame:
    """`count` synthetic Report rows as columns (no ids), deterministic for a seed."""
    rng = np.random.default_rng(seed)
    cases = catalog.cases
    n_cases = len(cases)
    # Per-channel truth: success rate, typical delay, and a drop in the last weeks for some.
    rate = np.where(cases["dead"], 0.03, rng.beta(3, 2.2, n_cases))
    delay = np.exp(rng.normal(1.4, 0.9, n_cases))
    dropping = rng.random(n_cases) < 0.08

    case = rng.choice(n_cases, size=count, p=(cases["weight"] / cases["weight"].sum()).to_numpy())
    age_days = 730 * rng.beta(1.0, 1.6, count)
    reported_at = pd.Timestamp(now) - pd.to_timedelta(age_days * 86400, unit="s").round("s")
    p = rate[case] - np.where(dropping[case] & (age_days < 21), 0.35, 0.0)
    u = rng.random(count)
    waiting = rng.random(count) < 0.07
    outcome = np.select([waiting, u < p * 0.8, u < p], [4, 1, 2], default=3).astype("int16")
    days = np.clip(np.round(delay[case] * np.exp(rng.normal(0, 0.6, count))), 0, 365)
    days = pd.array(days, dtype="Int16")
    days[(outcome > 2) | (rng.random(count) < 0.15)] = pd.NA
    occurred = (reported_at - pd.to_timedelta(rng.integers(0, 45, count), unit="D")).normalize()
    occurred_on = pd.Series(occurred.date, dtype="object")
    occurred_on[rng.random(count) < 0.3] = None

    channel = pd.array(cases["channel_id"].to_numpy()[case], dtype="Int64")
    channel[rng.random(count) < 0.05] = pd.NA  # "other"
    platform_id = cases["platform_id"].to_numpy()[case]
    problem_id = cases["problem_id"].to_numpy()[case]
    language = np.where(rng.random(count) < 0.4, "fr", "en")

    # Tips: a recurring phrasing (skewed: some phrasings are much more common) with noise,
    # or a one-off sentence; held and spam reports carry the tips that got them caught.
    status = rng.choice([1, 0, 2, 3], size=count, p=[0.92, 0.03, 0.02, 0.03]).astype("int16")
    has_tip = rng.random(count) < 0.3
    pool: list[str] = []
    index: dict[tuple[int, str], int] = {}
    for pk, name in catalog.platforms.items():
        for lang, templates in TIPS.items():
            index[(pk, lang)] = len(pool)
            for template in templates:
                pool.extend(_variants(template.format(p=name), lang, rng))
    pool_array = np.array(pool, dtype=object)
    n_templates = len(TIPS["en"])
    template = np.minimum(rng.zipf(1.6, count) - 1, n_templates - 1)
    lookup = np.zeros((max(catalog.platforms) + 1, 2), dtype="int64")
    for (pk, lang), start in index.items():
        lookup[pk, int(lang == "fr")] = start
    offsets = lookup[platform_id, (language == "fr").astype("int64")]
    problem_shift = problem_id % n_templates  # each problem favours other phrasings
    chosen = (template + problem_shift) % n_templates
    # Most people type a phrasing cleanly; the rest add typos, case and punctuation noise.
    variant = np.where(rng.random(count) < 0.5, 0, rng.integers(1, VARIANTS, count))
    tip = pool_array[offsets + chosen * VARIANTS + variant]
    one_off = rng.random(count) < 0.15
    words = np.array(NOISE_WORDS, dtype=object)
    if one_off.any():
        picks = words[rng.integers(0, len(words), (int(one_off.sum()), 8))]
        tip[one_off] = [" ".join(row) for row in picks]
    tip[status == 0] = np.array(HELD_TIPS, dtype=object)[
        rng.integers(0, 2, int((status == 0).sum()))
    ]
    tip[status == 3] = np.array(SPAM_TIPS, dtype=object)[
        rng.integers(0, 2, int((status == 3).sum()))
    ]
    tip[~has_tip & (status == 1)] = ""
    tip[~has_tip & (status == 2)] = ""

    reporter = rng.integers(0, max(1, int(count * 0.7)), count)
    return pd.DataFrame(
        {
            "platform_id": platform_id,
            "problem_id": problem_id,
            "channel_id": channel,
            "channel_other": np.where(pd.isna(channel), "a friend who works there", ""),
            "outcome": outcome,
            "days_to_resolution": days,
            "occurred_on": occurred_on,
            "reported_at": reported_at,
            "updated_at": reported_at,
            "account_type": rng.choice(["personal", "creator", "business"], count),
            "tip_text": tip,
            "language": language,
            "status": status,
            "hold_reason": np.where(status == 0, "tip contains contact details", ""),
            "counted": rng.random(count) < 0.96,
            "reporter_key": pd.Series(reporter).map("demo-{:012x}".format).to_numpy(),
        }
    )


def _copy_postgres(frame: pd.DataFrame) -> None:
    """COPY the rows in; for a bulk load, with foreign keys and secondary indexes dropped.

    Django's foreign keys are deferred, checked row by row at commit, and the table has a
    dozen indexes: maintaining them row by row is most of a million-row load. Re-adding
    each key validates all rows in one join and each index is built in one sort (the
    PostgreSQL manual's "Populating a Database"). All in the caller's transaction, so a
    failure leaves the table as it was.
    """
    table = pa.Table.from_pandas(frame, preserve_index=False)
    buffer = io.BytesIO()
    pa_csv.write_csv(table, buffer, pa_csv.WriteOptions(include_header=False))
    columns = ", ".join(frame.columns)
    sql = f"COPY surveys_report ({columns}) FROM STDIN (FORMAT csv)"
    if len(frame) < BULK_ROWS:
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            copy.write(buffer.getvalue())
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = 'surveys_report'::regclass AND contype = 'f'"
        )
        foreign_keys = cursor.fetchall()
        # Indexes that back no constraint (the primary key and unique ones stay).
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE i.indrelid = 'surveys_report'::regclass AND NOT EXISTS"
            " (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
        )
        indexes = cursor.fetchall()
        # Checks still pending from earlier in the transaction would block ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _ in foreign_keys:
            cursor.execute(f'ALTER TABLE surveys_report DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        with cursor.cursor.copy(sql) as copy:
            view = buffer.getbuffer()
            for start in range(0, len(view), 1 << 20):
                copy.write(view[start : start + (1 << 20)])
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE surveys_report ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _insert_many(frame: pd.DataFrame) -> None:
    columns = ", ".join(frame.columns)
    marks = ", ".join(["%s"] * len(frame.columns))
    sql = f"INSERT INTO surveys_report ({columns}) VALUES ({marks})"
    plain = frame.astype(object).where(frame.notna(), None)
    plain["reported_at"] = frame["reported_at"].dt.strftime("%Y-%m-%d %H:%M:%S")
    plain["updated_at"] = plain["reported_at"]
    plain["occurred_on"] = [d.isoformat() if d is not None else None for d in frame["occurred_on"]]
    rows = list(plain.itertuples(index=False, name=None))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 50_000):
            cursor.executemany(sql, rows[start : start + 50_000])


def demo_reports_generate(
    *, count: int, seed: int, now: datetime, platform_slug: str | None = None
) -> int:
    """Write `count` synthetic reports and mark every platform dirty; returns the count."""
    from aggregation.services import platforms_mark_all_dirty

    catalog = catalog_cases(platform_slug=platform_slug)
    if catalog.cases.empty:
        raise ValueError("the catalog is empty: run load_catalog first")
    frame = demo_frame(count=count, seed=seed, now=now, catalog=catalog)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _copy_postgres(frame)
        else:
            _insert_many(frame)
        platforms_mark_all_dirty()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics and visibility map: the planner and index-only scans need them.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE surveys_report")
    return count


def demo_reports_exist() -> bool:
    return Report.objects.exists()
