using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Indicators;

/// <summary>Exact figures before the disclosure rule: keys are dependencia and colegio codes, vínculos, course ids.</summary>
public sealed record ExactFigures(
    int People,
    IReadOnlyList<(string Id, string Title, int People)> Courses,
    IReadOnlyList<(string Key, string Label, int People)> Dependencias,
    IReadOnlyList<(string Key, string Label, int People)> Vinculos,
    IReadOnlyList<(string Key, string Label, int People)> Colegios,
    IReadOnlyList<(string Month, int People)> Months);

/// <summary>
/// Builds public reports (live month ends and publications) and publishes cut-offs. A publication's figures are
/// computed from its own frozen rows, so the public file follows from the admin-only file alone.
/// </summary>
public sealed class CutoffPublishing(ScariDbContext db, IndicatorCounter counter, IndicatorDefinitions definitions,
    AuditLog audit, IMemoryCache cache, FigureFlights flights, TimeProvider clock, ILogger<CutoffPublishing> logger)
{
    public static readonly IReadOnlyDictionary<string, string> VinculoLabels = new Dictionary<string, string>
    {
        ["planta"] = "Planta", ["contratista"] = "Contratista", ["ninguno"] = "Sin vínculo registrado",
    };

    /// <summary>Applies <see cref="Disclosure"/> to exact figures, with <paramref name="previous"/> as what readers already know.</summary>
    public static PublicReport Build(IndicatorDefinition ind, DateOnly cutoff, ExactFigures exact, IReadOnlyDictionary<string, string> courseVersions, PublicReport? previous)
    {
        var students = ind.Audience == Audience.Student;
        long[] Prev<T>(IReadOnlyList<T> cells, Func<T, string> key, Func<PublicReport, IEnumerable<(string Key, string Value)>> old)
        {
            var known = previous is null ? [] : old(previous).ToDictionary(x => x.Key, x => Disclosure.Least(x.Value, students));
            return [.. cells.Select(c => known.GetValueOrDefault(key(c)))];
        }

        var sumRows = exact.Courses.Sum(c => c.People);
        var additional = sumRows - exact.People;
        var additionalShown = students ? Disclosure.Show(additional, true) : additional.ToString(CultureInfo.InvariantCulture);
        var (addLow, addHigh) = students ? Disclosure.Range(additionalShown, true) : (additional, additional);
        var courseCells = Disclosure.Group([.. exact.Courses.Select(c => c.People)], students, exact.People + addLow, exact.People + addHigh,
            Prev(exact.Courses, c => c.Id, p => p.Courses.Select(c => (c.Id, c.People))));
        var courses = exact.Courses.Select((c, i) => new PublicCourse(c.Id, courseVersions.GetValueOrDefault(c.Id, "presencial"), c.Title, courseCells[i])).ToList();

        List<PublicCell> Cells(IReadOnlyList<(string Key, string Label, int People)> rows, Func<PublicReport, IReadOnlyList<PublicCell>> old)
        {
            var shown = Disclosure.Group([.. rows.Select(r => r.People)], students, exact.People, exact.People,
                Prev(rows, r => r.Key, p => old(p).Select(c => (c.Key, c.Value))));
            return [.. rows.Select((r, i) => new PublicCell(r.Key, r.Label, shown[i]))];
        }

        return new PublicReport(ind.Id, ind.Name, ind.Audience, cutoff, ind.PeriodStart, ind.PeriodEnd, ind.Target,
            exact.People, additionalShown, courses,
            students ? [] : Cells(exact.Dependencias, p => p.Dependencias),
            students ? [] : Cells(exact.Vinculos, p => p.Vinculos),
            students ? Cells(exact.Colegios, p => p.Colegios) : [],
            students ? [] : [.. exact.Months.Select(m => new PublicMonth(m.Month, m.People))]); // month ends' totals are public at any date
    }

    /// <summary>The exact figures of frozen rows, by the counting rule's breakdown convention (attributes at each person's last completion).</summary>
    public async Task<ExactFigures> FiguresAsync(IndicatorDefinition ind, DateOnly cutoff, IReadOnlyList<FrozenRow> rows, CancellationToken ct) =>
        ExactFigureBuilder.At(ind, cutoff, rows, await NamesAsync(ct));

    private async Task<FigureNames> NamesAsync(CancellationToken ct) => new(
        await counter.CourseTitlesAsync(ct),
        await db.Dependencias.AsNoTracking().ToDictionaryAsync(d => d.Id, d => (d.Code, d.Name), ct),
        await db.Colegios.AsNoTracking().ToDictionaryAsync(d => d.Id, d => (d.Code, d.Name), ct));

    /// <summary>The qualifying completions at a date with the attributes counted, read once in completion-id order.</summary>
    public async Task<List<FrozenRow>> RowsAsync(IndicatorDefinition ind, DateOnly cutoff, CancellationToken ct, bool inCompletionOrder = true)
    {
        var q = await counter.QualifyingAsync(ind, cutoff, IndicatorScope.All, ct);
        if (inCompletionOrder) q = q.OrderBy(c => c.Id);
        var audience = ind.Audience;
        return await q
            .Select(c => new FrozenRow(c.Id, c.PersonId, c.CourseId, c.CompletedUtc, c.Source, audience, c.DependenciaId, c.Vinculo, c.ColegioId, null))
            .ToListAsync(ct);
    }

    private async Task<Dictionary<string, string>> CourseVersionsAsync(CancellationToken ct) =>
        await db.CourseVersions.AsNoTracking().Where(v => v.IsCurrent).ToDictionaryAsync(v => v.CourseId, v => v.Version, StringComparer.Ordinal, ct);

    /// <summary>The latest publication of an indicator with a cut-off before <paramref name="cutoff"/>: what readers already know.</summary>
    public async Task<CutoffPublication?> PreviousAsync(string indicatorId, DateOnly cutoff, CancellationToken ct) =>
        await db.Set<CutoffPublication>().AsNoTracking().Where(p => p.IndicatorId == indicatorId && p.Cutoff < cutoff)
            .OrderByDescending(p => p.Cutoff).ThenByDescending(p => p.PublishedUtc).FirstOrDefaultAsync(ct);

    /// <summary>The newest publication of an indicator for exactly that date, if any (the one a new publication supersedes).</summary>
    public async Task<CutoffPublication?> CurrentForDateAsync(string indicatorId, DateOnly cutoff, CancellationToken ct) =>
        await db.Set<CutoffPublication>().AsNoTracking().Where(p => p.IndicatorId == indicatorId && p.Cutoff == cutoff)
            .OrderByDescending(p => p.PublishedUtc).ThenByDescending(p => p.Id).FirstOrDefaultAsync(ct);

    public static PublicReport ReportOf(CutoffPublication p) => CutoffFiles.ReadPublicFile(p.PublicFile).Report;

    /// <summary>What publishing now would freeze: the report as it would be published, and how many completions stand behind it.</summary>
    public async Task<(PublicReport Report, int Completions, CutoffPublication? Supersedes)> PreviewAsync(IndicatorDefinition ind, DateOnly cutoff, CancellationToken ct)
    {
        var rows = await RowsAsync(ind, cutoff, ct);
        var previous = await PreviousAsync(ind.Id, cutoff, ct);
        var report = Build(ind, cutoff, await FiguresAsync(ind, cutoff, rows, ct), await CourseVersionsAsync(ct), previous is null ? null : ReportOf(previous));
        return (report, rows.Count, await CurrentForDateAsync(ind.Id, cutoff, ct));
    }

    public sealed record PublishResult(CutoffPublication? Publication, string? Error);

    /// <summary>
    /// Freezes the figures, the completions and the attributes behind them in one transaction (repeatable read, so
    /// every number comes from the same snapshot), supersedes the newest publication of the same date, and audits it.
    /// </summary>
    public async Task<PublishResult> PublishAsync(string indicatorId, DateOnly cutoff, string? userId, string userName, CancellationToken ct)
    {
        if (definitions.Find(indicatorId) is not { } ind) return new(null, "Ese indicador no existe: elíjalo de la lista.");
        var today = Bogota.Today(clock);
        if (cutoff > today) return new(null, "La fecha de corte no puede ser posterior a hoy: los cortes publican cifras de días ya cerrados o de hoy.");
        if (cutoff < ind.PeriodStart) return new(null, $"La fecha de corte es anterior al periodo del indicador (empieza el {Bogota.FormatDate(ind.PeriodStart)}).");

        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var rows = await RowsAsync(ind, cutoff, ct);
        var previous = await PreviousAsync(ind.Id, cutoff, ct);
        var supersedes = await CurrentForDateAsync(ind.Id, cutoff, ct);
        var report = Build(ind, cutoff, await FiguresAsync(ind, cutoff, rows, ct), await CourseVersionsAsync(ct), previous is null ? null : ReportOf(previous));
        var now = clock.GetUtcNow().UtcDateTime;
        now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc); // the file says seconds
        var peopleFile = CutoffFiles.PeopleFile(ind.Id, cutoff, rows);
        var peopleSha = CutoffFiles.Sha256(peopleFile);
        var publicFile = CutoffFiles.PublicFile(report, now, peopleSha, supersedes?.Sha256);
        var publication = new CutoffPublication
        {
            IndicatorId = ind.Id, Cutoff = cutoff, PublishedUtc = now, PublishedByUserId = userId, PublishedByName = userName,
            RuleVersion = Disclosure.RuleVersion, SupersedesId = supersedes?.Id, People = report.People,
            PublicFile = publicFile, Sha256 = CutoffFiles.Sha256(publicFile),
            PeopleFileGzip = CutoffFiles.Gzip(peopleFile), PeopleSha256 = peopleSha,
        };
        db.Add(publication);
        try
        {
            await db.SaveChangesAsync(ct);
            audit.Record("cutoff.published", "CutoffPublication", publication.Id,
                $"{ind.Id} al {Bogota.FormatDate(cutoff)}: {report.People} personas, {rows.Count} finalizaciones, SHA-256 {publication.Sha256}"
                + (supersedes is null ? "" : $", sustituye la publicación {supersedes.Id}"));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (db.IsOn<CutoffPublication>(ex, nameof(CutoffPublication.SupersedesId)) || db.IsOn<CutoffPublication>(ex, nameof(CutoffPublication.Sha256)))
        {
            db.ChangeTracker.Clear();
            return new(null, "Otra persona publicó este corte al mismo tiempo: revise la lista de publicaciones y vuelva a intentarlo si hace falta.");
        }
        cache.Remove(LatestKey);
        return new(publication, null);
    }

    private const string LatestKey = "cortes-publicados";

    /// <summary>Id, indicator, date, hash and superseding link of every publication, newest first (small: a few a month).</summary>
    public async Task<IReadOnlyList<PublicationSummary>> ListAsync(CancellationToken ct) =>
        (await cache.GetOrCreateAsync(LatestKey, async e =>
        {
            e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            var list = await db.Set<CutoffPublication>().AsNoTracking()
                .OrderByDescending(p => p.Cutoff).ThenByDescending(p => p.PublishedUtc).ThenByDescending(p => p.Id)
                .Select(p => new PublicationSummary(p.Id, p.IndicatorId, p.Cutoff, p.PublishedUtc, p.People, p.Sha256, p.SupersedesId, null))
                .ToListAsync(ct);
            var successor = list.Where(p => p.SupersedesId is not null).ToDictionary(p => p.SupersedesId!.Value, p => p.Id);
            return (IReadOnlyList<PublicationSummary>)[.. list.Select(p => p with { SupersededById = successor.TryGetValue(p.Id, out var s) ? s : null })];
        }))!;

    /// <summary>One publication's public part, parsed and cached (publications never change).</summary>
    public async Task<(CutoffPublication Publication, CutoffFiles.ParsedPublic Parsed)?> FindAsync(int id, CancellationToken ct)
    {
        var found = await cache.GetOrCreateAsync($"corte:{id}", async e =>
        {
            e.SlidingExpiration = TimeSpan.FromMinutes(30);
            var p = await db.Set<CutoffPublication>().AsNoTracking().Where(x => x.Id == id)
                .Select(x => new CutoffPublication
                {
                    Id = x.Id, IndicatorId = x.IndicatorId, Cutoff = x.Cutoff, PublishedUtc = x.PublishedUtc, PublishedByName = x.PublishedByName,
                    RuleVersion = x.RuleVersion, SupersedesId = x.SupersedesId, People = x.People, PublicFile = x.PublicFile,
                    Sha256 = x.Sha256, PeopleSha256 = x.PeopleSha256,
                }).FirstOrDefaultAsync(ct);
            return p is null ? null : new Tuple<CutoffPublication, CutoffFiles.ParsedPublic>(p, CutoffFiles.ReadPublicFile(p.PublicFile));
        });
        return found is null ? null : (found.Item1, found.Item2);
    }

    /// <summary>
    /// The live public report at a date: totals always; per-course rows and breakdowns only for month ends
    /// (null otherwise), through the same rule as publications, with the latest earlier publication as what readers know.
    /// </summary>
    public async Task<PublicReport?> LiveMonthEndAsync(IndicatorDefinition ind, DateOnly cutoff, CancellationToken ct)
    {
        if (cutoff.AddDays(1).Day != 1 || cutoff > Bogota.Today(clock)) return null;
        // Public: every month end of the indicator is computed at once, shared by everyone, and served stale while one
        // computation refreshes them, like the totals.
        var all = await flights.StaleWhileRevalidateAsync($"cierres-vivos:{ind.Id}", PublicIndicators.CacheFor,
            (services, stopping) => services.GetRequiredService<CutoffPublishing>().LiveMonthEndReportsAsync(ind, stopping), ct);
        if (all.TryGetValue(cutoff, out var report)) return report;
        // A month end the shared set does not hold (before the period, or a new month since it was computed).
        return await flights.StaleWhileRevalidateAsync($"corte-vivo:{ind.Id}:{cutoff:yyyy-MM-dd}", PublicIndicators.CacheFor,
            (services, stopping) => services.GetRequiredService<CutoffPublishing>().LiveMonthEndReportAsync(ind, cutoff, stopping), ct);
    }

    /// <summary>Every month end of the indicator's period up to today (the last one may be today).</summary>
    public IReadOnlyList<DateOnly> MonthEnds(IndicatorDefinition ind) => [.. MonthEnds(ind.PeriodStart, ind.PeriodEnd, Bogota.Today(clock))];

    /// <summary>The last day of every month from <paramref name="first"/>'s to <paramref name="last"/>'s that is <paramref name="today"/> or earlier.</summary>
    public static IEnumerable<DateOnly> MonthEnds(DateOnly first, DateOnly last, DateOnly today)
    {
        for (var m = new DateOnly(first.Year, first.Month, 1); m <= last; m = m.AddMonths(1))
        {
            var end = m.AddMonths(1).AddDays(-1);
            if (end > today) yield break;
            yield return end;
        }
    }

    /// <summary>The public reports of every month end, from one read of the qualifying rows and one pass over them.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, PublicReport>> LiveMonthEndReportsAsync(IndicatorDefinition ind, CancellationToken ct)
    {
        var ends = MonthEnds(ind);
        if (ends.Count == 0) return new Dictionary<DateOnly, PublicReport>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // Unordered: the figures sort them by date in memory, cheaper than a sort in the database plus another here.
        var rows = await RowsAsync(ind, ends[^1], ct, inCompletionOrder: false);
        var read = watch.Elapsed;
        var figures = ExactFigureBuilder.AtMonthEnds(ind, ends, rows, await NamesAsync(ct));
        var counted = watch.Elapsed;
        var versions = await CourseVersionsAsync(ct);
        var publications = await db.Set<CutoffPublication>().AsNoTracking().Where(p => p.IndicatorId == ind.Id)
            .OrderByDescending(p => p.Cutoff).ThenByDescending(p => p.PublishedUtc).Select(p => new { p.Cutoff, p.PublicFile }).ToListAsync(ct);
        var known = new Dictionary<string, PublicReport>(); // each publication's file parsed once, not once per month end
        var reports = new Dictionary<DateOnly, PublicReport>();
        foreach (var end in ends)
        {
            var previous = publications.FirstOrDefault(p => p.Cutoff < end); // as PreviousAsync: what readers already know
            PublicReport? knownReport = null;
            if (previous is not null && !known.TryGetValue(previous.PublicFile, out knownReport))
                known[previous.PublicFile] = knownReport = CutoffFiles.ReadPublicFile(previous.PublicFile).Report;
            reports[end] = Build(ind, end, figures[end], versions, knownReport);
        }
        logger.LogInformation("Cierres de mes de {Indicator}: {Rows} finalizaciones leídas en {Read} ms, {Ends} cierres contados en {Counted} ms, informes en {Built} ms",
            ind.Id, rows.Count, (long)read.TotalMilliseconds, ends.Count, (long)(counted - read).TotalMilliseconds, (long)(watch.Elapsed - counted).TotalMilliseconds);
        return reports;
    }

    private async Task<PublicReport?> LiveMonthEndReportAsync(IndicatorDefinition ind, DateOnly cutoff, CancellationToken ct)
    {
        var rows = await RowsAsync(ind, cutoff, ct);
        var previous = await PreviousAsync(ind.Id, cutoff, ct);
        return Build(ind, cutoff, await FiguresAsync(ind, cutoff, rows, ct), await CourseVersionsAsync(ct), previous is null ? null : ReportOf(previous));
    }
}

public sealed record PublicationSummary(int Id, string IndicatorId, DateOnly Cutoff, DateTime PublishedUtc, int People, string Sha256, int? SupersedesId, int? SupersededById);
