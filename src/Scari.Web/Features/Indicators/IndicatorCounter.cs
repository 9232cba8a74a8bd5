using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using Scari.Web.Features.Shared;
using Scari.Web.Features.InPerson;

namespace Scari.Web.Features.Indicators;

// Over 300 lines on purpose: every figure of an indicator (total, per course, breakdowns, months, years) is written
// here next to the one counting rule it shares, so that no figure can drift from the rule; the queries are the file.

/// <summary>
/// Counts an indicator for a cut-off date: the distinct persons of the indicator's audience with at least one
/// qualifying completion dated inside the period and on or before the cut-off day (Bogotá calendar), not voided, whose
/// certificates are not all revoked. Every count runs in SQL; pages receive only the aggregates.
/// </summary>
public sealed class IndicatorCounter(ScariDbContext db, IMemoryCache cache, FigureFlights flights, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(2);

    /// <summary>
    /// <see cref="ComputeAsync"/> through a short memory cache whose key includes a data stamp read on every call
    /// (newest completion, certificate, revocation, attendance change, attribute change and void or restore): a new completion,
    /// certificate, revocation, attendance change or a person's new dependencia, colegio or vínculo recomputes at once.
    /// Edits that leave the stamp unchanged (a completion deleted by hand in the database) show within
    /// <see cref="CacheFor"/>. Concurrent requests for the same figures and stamp share one computation
    /// (<see cref="FigureFlights"/>); a request that starts after a write reads a new stamp, so it never joins a
    /// computation that could miss that write.
    /// </summary>
    public async Task<IndicatorResult> DashboardAsync(IndicatorDefinition indicator, DateOnly cutoff, IndicatorScope scope, CancellationToken ct)
    {
        var stamp = string.Join('|',
            await db.Completions.MaxAsync(c => (int?)c.Id, ct),
            await db.Certificates.MaxAsync(c => (int?)c.Id, ct),
            (await db.Certificates.Where(c => c.RevokedUtc != null).MaxAsync(c => c.RevokedUtc, ct))?.Ticks,
            (await db.Attendances.MaxAsync(a => (DateTime?)a.RecordedUtc, ct))?.Ticks,
            await db.PersonAttributes.MaxAsync(a => (long?)a.Id, ct),
            (await db.Completions.Where(c => c.VoidChangedUtc != null).MaxAsync(c => c.VoidChangedUtc, ct))?.Ticks);
        var key = $"indicador:{indicator.Id}:{cutoff:yyyy-MM-dd}:{scope.Key}:{stamp}";
        if (cache.TryGetValue(key, out IndicatorResult? cached) && cached is not null) return cached;
        return await flights.RunAsync(key, async (services, stopping) =>
        {
            var result = await services.GetRequiredService<IndicatorCounter>().ComputeAsync(indicator, cutoff, scope, stopping);
            cache.Set(key, result, CacheFor);
            return result;
        }).WaitAsync(ct);
    }

    /// <summary>
    /// The completions that count for <paramref name="indicator"/> at <paramref name="cutoff"/>, within <paramref name="scope"/>,
    /// each with the person's attributes valid at the instant of the completion (<see cref="PersonAttributes"/>):
    /// the audience check and the scope use those values, not today's.
    /// </summary>
    public async Task<IQueryable<QualifyingCompletion>> QualifyingAsync(IndicatorDefinition indicator, DateOnly cutoff, IndicatorScope scope, CancellationToken ct)
    {
        var periodStart = Bogota.StartOfDayUtc(indicator.PeriodStart);
        var until = Bogota.EndOfDayUtc(cutoff < indicator.PeriodEnd ? cutoff : indicator.PeriodEnd);
        var courses = indicator.CourseIds.ToArray();
        // In-person sessions marked for this indicator qualify too (their completions carry the session's activity key),
        // and so do imported in-person or external records of the same activity.
        var inPerson = await db.Set<TrainingSession>().AsNoTracking()
            .Where(s => s.IndicatorId == indicator.Id).Select(s => s.ActivityKey).Distinct().ToArrayAsync(ct);
        var audience = indicator.Audience;

        var query = from c in db.Completions.AsNoTracking()
                    join a in db.PersonAttributes.AsNoTracking() on c.PersonId equals a.PersonId
                    where c.CompletedUtc >= periodStart && c.CompletedUtc < until
                        // The later of two completions of one course that a merge brought together is kept but not counted again.
                        && c.DuplicateOfCompletionId == null
                        // A voided record (entered by mistake) never counts again; publications made before keep it in their files.
                        && c.VoidedUtc == null
                        && (a.ValidFromUtc == null || a.ValidFromUtc <= c.CompletedUtc)
                        && (a.ValidUntilUtc == null || c.CompletedUtc < a.ValidUntilUtc)
                        && a.Audience == audience
                        && (courses.Contains(c.CourseId) || (c.Source != CompletionSource.Online && inPerson.Contains(c.CourseId)))
                        // A completion counts with a live certificate or with none; with only revoked ones it does not.
                        // Written as one NOT EXISTS (revoked and no live one) so PostgreSQL plans an anti-join on the small revoked set.
                        && !db.Certificates.Any(x => x.CompletionId == c.Id && x.RevokedUtc != null
                            && !db.Certificates.Any(l => l.CompletionId == x.CompletionId && l.RevokedUtc == null))
                    select new QualifyingCompletion
                    {
                        Id = c.Id,
                        PersonId = c.PersonId,
                        CourseId = c.CourseId,
                        CompletedUtc = c.CompletedUtc,
                        Source = c.Source,
                        Imported = c.ImportId != null,
                        DependenciaId = a.DependenciaId,
                        ColegioId = a.ColegioId,
                        Vinculo = a.Vinculo,
                    };

        if (!scope.Everyone)
        {
            int? colegio = scope.ColegioId, dependencia = scope.DependenciaId;
            query = query.Where(c => (colegio != null && c.ColegioId == colegio)
                || (dependencia != null && c.DependenciaId == dependencia));
        }
        return query;
    }

    /// <summary>
    /// One row per counted person: first and last qualifying completion, sources, and the attributes valid at the
    /// last one, which are the values the breakdowns file the person under (a person counts once, so in one
    /// dependencia: where their most recent training up to the cut-off found them).
    /// </summary>
    private IQueryable<CountedPerson> PerPerson(IQueryable<QualifyingCompletion> q, string? course = null, CompletionSource? source = null) =>
        from x in q.GroupBy(c => c.PersonId).Select(g => new
        {
            PersonId = g.Key,
            First = g.Min(c => c.CompletedUtc),
            Last = g.Max(c => c.CompletedUtc),
            Completions = g.Count(),
            Matching = g.Count(c => (course == null || c.CourseId == course) && (source == null || c.Source == source)),
            Online = g.Max(c => c.Source == CompletionSource.Online ? 1 : 0),
            InPerson = g.Max(c => c.Source == CompletionSource.InPerson ? 1 : 0),
            External = g.Max(c => c.Source == CompletionSource.External ? 1 : 0),
        })
        join a in db.PersonAttributes.AsNoTracking() on x.PersonId equals a.PersonId
        where (a.ValidFromUtc == null || a.ValidFromUtc <= x.Last) && (a.ValidUntilUtc == null || x.Last < a.ValidUntilUtc)
        select new CountedPerson
        {
            PersonId = x.PersonId,
            First = x.First,
            Completions = x.Completions,
            Matching = x.Matching,
            Online = x.Online,
            InPerson = x.InPerson,
            External = x.External,
            DependenciaId = a.DependenciaId,
            ColegioId = a.ColegioId,
            Vinculo = a.Vinculo,
        };

    /// <summary>Only the total: what the public page shows.</summary>
    public async Task<int> CountAsync(IndicatorDefinition indicator, DateOnly cutoff, IndicatorScope scope, CancellationToken ct)
    {
        var q = await QualifyingAsync(indicator, cutoff, scope, ct);
        return await q.Select(c => c.PersonId).Distinct().CountAsync(ct);
    }

    /// <summary>The total and every breakdown of the dashboard, from two SQL aggregates.</summary>
    public async Task<IndicatorResult> ComputeAsync(IndicatorDefinition indicator, DateOnly cutoff, IndicatorScope scope, CancellationToken ct)
    {
        var q = await QualifyingAsync(indicator, cutoff, scope, ct);

        // 1. One row per person (their attributes, first qualifying completion, sources), then counted by
        // attribute combination. Each person lands in exactly one combination, so sums of these rows are exact.
        var partition = await PerPerson(q)
            // Bogotá is UTC−5 all year (no daylight saving), so its calendar month is the UTC month five hours earlier.
            .GroupBy(x => new { x.DependenciaId, x.ColegioId, x.Vinculo, x.First.AddHours(Bogota.UtcOffsetHours).Year, x.First.AddHours(Bogota.UtcOffsetHours).Month, x.Online, x.InPerson, x.External })
            .Select(g => new PartitionRow(g.Key.DependenciaId, g.Key.ColegioId, g.Key.Vinculo, g.Key.Year, g.Key.Month, g.Key.Online == 1, g.Key.InPerson == 1, g.Key.External == 1, g.Count()))
            .ToListAsync(ct);

        // 2. Per course: completions and distinct people side by side (a person in two courses is in both rows).
        // Two hash aggregates (course and person, then course) instead of COUNT(DISTINCT), which PostgreSQL sorts.
        var perCourse = await q.GroupBy(c => new { c.CourseId, c.PersonId })
            .Select(g => new { g.Key.CourseId, N = g.Count() })
            .GroupBy(x => x.CourseId)
            .Select(g => new { CourseId = g.Key, Completions = g.Sum(x => x.N), People = g.Count() })
            .ToListAsync(ct);

        var titles = await CourseTitlesAsync(ct);
        var courseRows = indicator.CourseIds
            .Select(id => perCourse.FirstOrDefault(r => r.CourseId == id) is { } r
                ? new CourseRow(id, titles.GetValueOrDefault(id, id), r.Completions, r.People)
                : new CourseRow(id, titles.GetValueOrDefault(id, id), 0, 0))
            .Concat(perCourse.Where(r => !indicator.CourseIds.Contains(r.CourseId))
                .OrderBy(r => r.CourseId, StringComparer.Ordinal)
                .Select(r => new CourseRow(r.CourseId, titles.GetValueOrDefault(r.CourseId, r.CourseId), r.Completions, r.People)))
            .ToList();

        var depNames = await db.Dependencias.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var colNames = await db.Colegios.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);

        List<GroupRow> By<TKey>(Func<PartitionRow, TKey> key, Func<TKey, string> param, Func<TKey, string> label) =>
            partition.GroupBy(key).Select(g => new GroupRow(param(g.Key), label(g.Key), g.Sum(r => r.People)))
                .OrderByDescending(r => r.People).ThenBy(r => r.Label, StringComparer.Create(Bogota.Culture, false)).ToList();

        var total = partition.Sum(r => r.People);
        var months = new List<MonthRow>();
        var end = cutoff < indicator.PeriodEnd ? cutoff : indicator.PeriodEnd;
        var cumulative = 0;
        for (var m = new DateOnly(indicator.PeriodStart.Year, indicator.PeriodStart.Month, 1); m <= end; m = m.AddMonths(1))
        {
            var added = partition.Where(r => r.Year == m.Year && r.Month == m.Month).Sum(r => r.People);
            cumulative += added;
            months.Add(new MonthRow(m.Year, m.Month, added, cumulative));
        }
        var years = new List<YearRow>();
        var cumulativeTarget = 0;
        cumulative = 0;
        for (var y = indicator.PeriodStart.Year; y <= indicator.PeriodEnd.Year; y++)
        {
            var added = y <= end.Year ? partition.Where(r => r.Year == y).Sum(r => r.People) : 0;
            cumulative += added;
            var target = indicator.YearlyTargets.GetValueOrDefault(y);
            cumulativeTarget += target;
            years.Add(new YearRow(y, target, added, cumulative, cumulativeTarget));
        }

        return new IndicatorResult(
            indicator, cutoff, scope, clock.GetUtcNow().UtcDateTime, total,
            courseRows,
            indicator.Audience == Audience.Staff
                ? By(r => r.DependenciaId, k => (k ?? 0).ToString(CultureInfo.InvariantCulture), k => k is { } id ? depNames.GetValueOrDefault(id, $"Dependencia {id}") : "Sin dependencia")
                : [],
            indicator.Audience == Audience.Student
                ? By(r => r.ColegioId, k => (k ?? 0).ToString(CultureInfo.InvariantCulture), k => k is { } id ? colNames.GetValueOrDefault(id, $"Colegio {id}") : "Sin colegio")
                : [],
            indicator.Audience == Audience.Staff
                ? By(r => r.Vinculo, k => k?.ToString() ?? "ninguno", k => k switch { Vinculo.Planta => "Planta", Vinculo.Contratista => "Contratista", _ => "Sin vínculo registrado" })
                : [],
            months,
            // By origin: on line, in person, external (imported history keeps the origin its file gave it).
            [
                new SourceRow(CompletionSource.Online, Labels.Of(CompletionSource.Online), partition.Where(r => r.Online).Sum(r => r.People)),
                new SourceRow(CompletionSource.InPerson, Labels.Of(CompletionSource.InPerson), partition.Where(r => r.InPerson).Sum(r => r.People)),
                new SourceRow(CompletionSource.External, Labels.Of(CompletionSource.External), partition.Where(r => r.External).Sum(r => r.People)),
            ],
            partition.Where(r => (r.Online ? 1 : 0) + (r.InPerson ? 1 : 0) + (r.External ? 1 : 0) > 1).Sum(r => r.People),
            years,
            partition);
    }

    /// <summary>
    /// The people behind a number: one page of them, with the total, in a stable order. Exports ask for every row
    /// with <paramref name="pageSize"/> <see cref="int.MaxValue"/>.
    /// </summary>
    public async Task<Paged<PersonRow>> PeopleAsync(IndicatorDefinition indicator, DateOnly cutoff, IndicatorScope scope, PeopleFilter filter, int page, CancellationToken ct, int pageSize = Paging.PageSize)
    {
        var q = await QualifyingAsync(indicator, cutoff, scope, ct);
        // Course and source filters count matching completions within the same per-person aggregate: one scan.
        var perPerson = PerPerson(q, filter.CourseId, filter.Source).Where(x => x.Matching > 0);
        if (filter.Month is { } month)
        {
            var from = Bogota.StartOfDayUtc(month);
            var to = Bogota.StartOfDayUtc(month.AddMonths(1));
            perPerson = perPerson.Where(x => x.First >= from && x.First < to);
        }

        var people = from x in perPerson
                     join p in db.People.AsNoTracking() on x.PersonId equals p.Id
                     select new { x, p };
        if (filter.DependenciaId is { } dep)
            people = dep == 0 ? people.Where(r => r.x.DependenciaId == null) : people.Where(r => r.x.DependenciaId == dep);
        if (filter.ColegioId is { } col)
            people = col == 0 ? people.Where(r => r.x.ColegioId == null) : people.Where(r => r.x.ColegioId == col);
        if (filter.NoVinculo)
            people = people.Where(r => r.x.Vinculo == null);
        else if (filter.Vinculo is { } vinculo)
            people = people.Where(r => r.x.Vinculo == vinculo);

        return await people
            .OrderBy(r => r.p.FamilyNames).ThenBy(r => r.p.GivenNames).ThenBy(r => r.p.Id)
            .ToPageAsync(page, r => new PersonRow(
                r.p.Id,
                r.p.AnonymizedUtc == null ? r.p.FamilyNames : null,
                r.p.AnonymizedUtc == null ? r.p.GivenNames : null,
                r.p.AnonymizedUtc == null ? r.p.DocumentType.ToString() : null,
                r.p.AnonymizedUtc == null ? r.p.DocumentNumber : null,
                db.Dependencias.Where(d => d.Id == r.x.DependenciaId).Select(d => d.Name).FirstOrDefault(),
                db.Colegios.Where(d => d.Id == r.x.ColegioId).Select(d => d.Name).FirstOrDefault(),
                r.x.Vinculo,
                r.x.First,
                r.x.Completions,
                r.x.Online == 1, r.x.InPerson == 1, r.x.External == 1,
                // Only for the rows of this page: whether any counted completion came from a history import.
                q.Any(c => c.PersonId == r.p.Id && c.Imported)), ct, pageSize);
    }

    /// <summary>
    /// The qualifying completions themselves (id, person, course, time, source), in id order: what a report's
    /// SHA-256 is computed over, so anyone with the database can recompute and compare it.
    /// </summary>
    public async IAsyncEnumerable<(int Id, int PersonId, string CourseId, DateTime CompletedUtc, CompletionSource Source)> RowsAsync(
        IndicatorDefinition indicator, DateOnly cutoff, IndicatorScope scope, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var q = await QualifyingAsync(indicator, cutoff, scope, ct);
        await foreach (var r in q.OrderBy(c => c.Id).Select(c => new { c.Id, c.PersonId, c.CourseId, c.CompletedUtc, c.Source }).AsAsyncEnumerable().WithCancellation(ct))
            yield return (r.Id, r.PersonId, r.CourseId, r.CompletedUtc, r.Source);
    }

    public async Task<Dictionary<string, string>> CourseTitlesAsync(CancellationToken ct)
    {
        var titles = await db.CourseVersions.AsNoTracking().Where(v => v.IsCurrent)
            .Select(v => new { v.CourseId, v.Title }).ToListAsync(ct);
        var sessions = await db.Set<TrainingSession>().AsNoTracking().Where(s => s.CourseId == null)
            .Select(s => new { s.ActivityKey, s.Name }).Distinct().ToListAsync(ct);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in sessions) result.TryAdd(s.ActivityKey, $"{s.Name} (presencial)");
        foreach (var t in titles) result[t.CourseId] = t.Title;
        return result;
    }
}

/// <summary>A qualifying completion with the person's counted attributes as they were at its instant.</summary>
public sealed class QualifyingCompletion
{
    public int Id { get; init; }
    public int PersonId { get; init; }
    public string CourseId { get; init; } = "";
    public DateTime CompletedUtc { get; init; }
    public CompletionSource Source { get; init; }
    /// <summary>Loaded by a history import (<see cref="Learning.Completion.ImportId"/>).</summary>
    public bool Imported { get; init; }
    public int? DependenciaId { get; init; }
    public int? ColegioId { get; init; }
    public Vinculo? Vinculo { get; init; }
}

public sealed class CountedPerson
{
    public int PersonId { get; init; }
    public DateTime First { get; init; }
    public int Completions { get; init; }
    public int Matching { get; init; }
    public int Online { get; init; }
    public int InPerson { get; init; }
    public int External { get; init; }
    public int? DependenciaId { get; init; }
    public int? ColegioId { get; init; }
    public Vinculo? Vinculo { get; init; }
}

public sealed record PartitionRow(int? DependenciaId, int? ColegioId, Vinculo? Vinculo, int Year, int Month, bool Online, bool InPerson, bool External, int People);

public sealed record CourseRow(string CourseId, string Title, int Completions, int People);

/// <summary>A breakdown row: <see cref="Key"/> is the value for the drill-down link ("0" or "ninguno" = not recorded).</summary>
public sealed record GroupRow(string Key, string Label, int People);

public sealed record MonthRow(int Year, int Month, int New, int Cumulative)
{
    public DateOnly Start => new(Year, Month, 1);
    public string Key => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    public string Label => Start.ToString("MMM yyyy", Bogota.Culture);
}

public sealed record SourceRow(CompletionSource Source, string Label, int People);

public sealed record YearRow(int Year, int Target, int New, int Cumulative, int CumulativeTarget);

public sealed record IndicatorResult(
    IndicatorDefinition Indicator,
    DateOnly Cutoff,
    IndicatorScope Scope,
    DateTime ComputedUtc,
    int People,
    IReadOnlyList<CourseRow> Courses,
    IReadOnlyList<GroupRow> Dependencias,
    IReadOnlyList<GroupRow> Colegios,
    IReadOnlyList<GroupRow> Vinculos,
    IReadOnlyList<MonthRow> Months,
    IReadOnlyList<SourceRow> Sources,
    /// <summary>People with completions of more than one origin (on line, in person, external): the source rows add up to more than the total by this much at least.</summary>
    int BothSources,
    IReadOnlyList<YearRow> Years,
    IReadOnlyList<PartitionRow>? Partition = null)
{
    public double Percent => Indicator.Target == 0 ? 0 : 100.0 * People / Indicator.Target;
    public int CompletionsTotal => Courses.Sum(c => c.Completions);
    public int CourseRowsSum => Courses.Sum(c => c.People);
}

/// <summary>What narrows a drill-down list; null = no restriction. For dependencia and colegio, 0 means "not recorded".</summary>
public sealed record PeopleFilter(
    string? CourseId = null, int? DependenciaId = null, int? ColegioId = null, Vinculo? Vinculo = null, bool NoVinculo = false,
    DateOnly? Month = null, CompletionSource? Source = null)
{
    public static readonly PeopleFilter None = new();
}

public sealed record PersonRow(
    int Id, string? FamilyNames, string? GivenNames, string? DocumentType, string? DocumentNumber,
    string? Dependencia, string? Colegio, Vinculo? Vinculo, DateTime FirstCompletedUtc, int Completions,
    bool Online = false, bool InPerson = false, bool External = false, bool Imported = false)
{
    public bool Anonymized => FamilyNames is null;
    /// <summary>The origins of the person's counted completions («En línea, Externa»), and whether any is imported history.</summary>
    public string Origins => string.Join(", ", new[] { (Online, CompletionSource.Online), (InPerson, CompletionSource.InPerson), (External, CompletionSource.External) }
        .Where(x => x.Item1).Select(x => Labels.Of(x.Item2)))
        + (Imported ? " (incluye historial importado)" : "");
    public string Name => Anonymized ? "Persona anonimizada" : $"{FamilyNames}, {GivenNames}";
}
