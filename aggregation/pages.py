"""What the "what worked" pages show, assembled from the current snapshot and the catalog.

Plain functions the views call and the tests call directly. Figures come only from the
snapshot (`selectors.recommendations_get`); addresses come only from the catalog, never
from what people wrote, so a page cannot route anyone to an address we do not list.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from aggregation import charts, wording
from aggregation.feedback import confirmation_counts
from aggregation.models import CurrentSnapshot, TipGroup, TipState
from aggregation.selectors import recommendations_get
from platforms.models import AddressCheck, ContactChannel, Platform, ProblemType
from surveys.models import ReportedAddress


@dataclass
class ChannelLine:
    """A channel of the answer page: its snapshot figures, its catalog row, in words."""

    stat: dict | None
    channel: ContactChannel | None
    name: str
    figure: str = ""
    trend: str = ""
    chart: str = ""
    chart_rows: list[dict] = field(default_factory=list)


@dataclass
class Answer:
    platform: Platform
    problem: ProblemType
    entry: dict
    ranked: list[ChannelLine] = field(default_factory=list)
    not_enough: list[ChannelLine] = field(default_factory=list)
    # The platform's own channels for the problem that nobody has reported on yet.
    unreported: list[ChannelLine] = field(default_factory=list)
    # The escalation ladder: (rung, its lines), lowest rung first.
    ladder: list[tuple[ContactChannel.Rung, list[ChannelLine]]] = field(default_factory=list)
    do_not_use: list[ChannelLine] = field(default_factory=list)
    # The snapshot's tips with their "worked for me too" count (read live, not snapshotted).
    tips: list[dict] = field(default_factory=list)
    computed_at: dt.datetime | None = None
    stale: bool = False
    empty: bool = True
    # The account types with figures of their own, and the one shown ("" for everyone).
    segments: list[str] = field(default_factory=list)
    segment: str = ""


def _line(stat: dict, catalog: dict[str, ContactChannel], problem_slug: str) -> ChannelLine:
    """A snapshot channel with its catalog row (None once retired) and its figure in words."""
    channel = catalog.get(stat["channel"])
    return ChannelLine(
        stat=stat,
        channel=channel,
        name=channel.label if channel else stat["name"],
        figure=wording.figure_words(stat, problem_slug),
        trend=wording.trend_words(stat["trend"]),
    )


def _catalog(platform: Platform, *, checks: bool = True) -> dict[str, ContactChannel]:
    """The platform's active public channels by slug (prefetched by `platform_get`); with
    `checks`, each with what the link checker last saw at its address (`address_check`).

    Systems for officials are left out: a page never offers them as a contact point."""
    channels = [channel for channel in platform.channels.all() if not channel.is_for_officials]
    if checks:
        links = [channel.address for channel in channels if channel.address_is_link]
        seen = {check.address: check for check in AddressCheck.objects.filter(address__in=links)}
        for channel in channels:
            channel.address_check = seen.get(channel.address)
    return {channel.slug: channel for channel in channels}


def scam_addresses(platform: Platform) -> list[ReportedAddress]:
    """Addresses moderators confirmed as posing as the platform's support, newest first."""
    return list(
        ReportedAddress.objects.confirmed_scams()
        .filter(platform=platform)
        .order_by("-decided_at", "-pk")
    )


def platform_channels(platform: Platform) -> tuple[list[ContactChannel], list[ContactChannel]]:
    """The platform's own working public channels, and the outside bodies covering it."""
    working = [channel for channel in _catalog(platform).values() if not channel.is_known_dead]
    return [c for c in working if not c.body], [c for c in working if c.body]


def _serves(channel: ContactChannel, problem: ProblemType) -> bool:
    return any(item.pk == problem.pk for item in channel.problems.all())


def _ladder(
    lines: dict[str, ChannelLine], catalog: dict[str, ContactChannel], problem: ProblemType
) -> list[tuple[ContactChannel.Rung, list[ChannelLine]]]:
    """Every working channel for the problem, by rung (help yourself, ask the platform,
    paid support, outside bodies, authorities), with its figure where the snapshot has one."""
    rungs: dict[int, list[ChannelLine]] = {}
    for channel in catalog.values():
        if channel.is_known_dead or not _serves(channel, problem):
            continue
        line = lines.get(channel.slug) or ChannelLine(
            stat=None, channel=channel, name=channel.label
        )
        rungs.setdefault(channel.rung, []).append(line)
    return [(ContactChannel.Rung(rung), rungs[rung]) for rung in sorted(rungs)]


def answer_get(
    *,
    platform: Platform,
    problem: ProblemType,
    language: str,
    now: dt.datetime,
    segment: str = "",
) -> Answer:
    """The answer page; with `segment`, the figures of one account type where the snapshot
    has enough of its reports (otherwise everyone's)."""
    entry = recommendations_get(platform=platform, problem=problem, language=language)
    catalog = _catalog(platform)
    answer = Answer(platform=platform, problem=problem, entry=entry)
    answer.segments = list(entry["segments"])
    answer.segment = segment if segment in entry["segments"] else ""
    channels = entry["segments"][answer.segment] if answer.segment else entry["channels"]
    lines: dict[str, ChannelLine] = {}
    for stat in channels:
        line = lines[stat["channel"]] = _line(stat, catalog, problem.slug)
        if stat["monthly"]:
            line.chart = charts.monthly_bars(stat["monthly"], label_id=f"chart-{stat['channel']}")
            line.chart_rows = charts.monthly_rows(stat["monthly"])
        (answer.ranked if stat["rank"] is not None else answer.not_enough).append(line)
    # The channels the snapshot lists for everyone, so the segment view does not show
    # them again as "nobody has reported on these".
    reported = {stat["channel"] for stat in entry["channels"]} | {
        stat["channel"] for stat in channels
    }
    # Hidden by a moderator: neither listed as unreported nor on the ladder.
    hidden = {item["channel"] for item in entry["hidden_by_moderator"]}
    for channel in catalog.values():
        if channel.is_known_dead or channel.slug in reported | hidden or channel.body:
            continue
        if _serves(channel, problem):
            answer.unreported.append(ChannelLine(stat=None, channel=channel, name=channel.label))
    shown = {slug: channel for slug, channel in catalog.items() if slug not in hidden}
    answer.ladder = _ladder(lines, shown, problem)
    for row in entry["do_not_use"]:
        channel = catalog.get(row["channel"])
        answer.do_not_use.append(
            ChannelLine(
                stat=row,
                channel=channel,
                name=channel.label if channel else row["name"],
                figure=wording.warning_words(row),
            )
        )
    for scam in scam_addresses(platform):
        answer.do_not_use.append(
            ChannelLine(
                stat={"address": scam.value},
                channel=None,
                name=scam.label,
                figure=scam.note,
            )
        )
    if entry["computed_at"]:
        answer.computed_at = dt.datetime.fromisoformat(entry["computed_at"])
    answer.stale = wording.is_stale(entry["computed_at"], now)
    counts = confirmation_counts([tip["key"] for tip in entry["tips"]])
    answer.tips = [{**tip, "confirmations": counts.get(tip["key"], 0)} for tip in entry["tips"]]
    answer.empty = not entry["channels"]
    return answer


@dataclass
class ProblemSummary:
    problem: ProblemType
    best: ChannelLine | None
    reports: int
    channels: list[ContactChannel]


def platform_summary(*, platform: Platform, groups, language: str) -> list[ProblemSummary]:
    """For each problem of the platform: its best channel with its figure, then the
    official channels (`groups`: `platforms.selectors.channels_by_problem`)."""
    entries = {
        entry["problem"]: entry
        for entry in recommendations_get(platform=platform, problem=None, language=language)
    }
    # Names only: the addresses and their checks are shown by `platform_channels`.
    catalog = _catalog(platform, checks=False)
    official = {problem.slug: channels for problem, channels in groups}
    summaries = []
    for problem in ProblemType.objects.all():
        entry = entries.get(problem.slug)
        channels = official.get(problem.slug, [])
        if not channels and not (entry and entry["channels"]):
            continue
        best = None
        ranked = [stat for stat in (entry or {}).get("channels", []) if stat["rank"] is not None]
        if ranked:
            best = _line(ranked[0], catalog, problem.slug)
        reports = entry["reports"] if entry else 0
        summaries.append(ProblemSummary(problem, best, reports, channels))
    return summaries


@dataclass
class HomeFigures:
    reports: int
    platforms: int
    latest_update: dt.datetime | None
    tips: list[dict]


def home_figures(*, language: str, tips: int = 6) -> HomeFigures:
    """Totals over the current snapshots, and their newest recurring tips."""
    pointers = list(CurrentSnapshot.objects.select_related("run", "platform"))
    pointers = [pointer for pointer in pointers if pointer.platform.active]
    runs = [pointer.run for pointer in pointers]
    tip_runs = {run.tips_run_id or run.pk: run for run in runs}
    # Each problem's most given tip, newest snapshots first, one platform after another
    # rather than the whole list from the platform aggregated last.
    rows = (
        TipGroup.objects.filter(run_id__in=list(tip_runs), language=language, position=1)
        # Hidden by flags or a moderator since the snapshot.
        .exclude(key__in=TipState.objects.filter(hidden=True).values("key"))
        .select_related("problem", "run__platform")
        .order_by("-run__finished_at", "-reporters")
    )
    rounds: dict[int, list[TipGroup]] = {}
    for row in rows:
        rounds.setdefault(row.run.platform_id, []).append(row)
    chosen: list[TipGroup] = []
    while len(chosen) < tips and any(rounds.values()):
        for platform_rows in rounds.values():
            if platform_rows and len(chosen) < tips:
                chosen.append(platform_rows.pop(0))
    latest = [
        {
            "text": row.text,
            "reporters": row.reporters,
            "platform": row.run.platform,
            "problem": row.problem,
        }
        for row in chosen
    ]
    return HomeFigures(
        reports=sum(run.reports_counted for run in runs),
        platforms=len(runs),
        latest_update=max((run.finished_at for run in runs if run.finished_at), default=None),
        tips=latest,
    )


def _folded(text: str) -> str:
    """Lower case without accents: "Piraté" finds "pirate"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Words too common in problem names to tell them apart.
_COMMON = {"account", "accounts", "compte", "comptes", "can", "cannot", "the", "and", "for",
           "not", "mon", "les", "des", "une", "pas", "est", "peux", "arrive"}  # fmt: skip


def _words(text: str) -> set[str]:
    cleaned = "".join(char if char.isalnum() else " " for char in _folded(text))
    return {word for word in cleaned.split() if len(word) > 2 and word not in _COMMON}


@dataclass
class SearchResult:
    platforms: list[Platform]
    problems: list[ProblemType]


def search(query: str) -> SearchResult:
    """Platforms and problems whose names (English or French) or slugs share a word with
    the query; a platform also matches by a prefix of its name ("insta")."""
    words = _words(query)
    if not words:
        return SearchResult([], [])
    platforms = []
    for platform in Platform.objects.active():
        names = _words(f"{platform.name} {platform.slug.replace('-', ' ')}")
        if words & names or any(name.startswith(word) for word in words for name in names):
            platforms.append(platform)
    scored = []
    for problem in ProblemType.objects.all():
        text = f"{problem.name_en} {problem.name_fr} {problem.slug.replace('-', ' ')}"
        shared = len(words & _words(text))
        if shared:
            scored.append((shared, problem))
    best = max((shared for shared, _ in scored), default=0)
    return SearchResult(platforms, [problem for shared, problem in scored if shared == best])
