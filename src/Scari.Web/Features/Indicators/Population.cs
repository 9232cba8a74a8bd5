using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scari.Web.Data;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Indicators;

public enum PopulationKind { Dependencias, Colegios }

/// <summary>
/// One imported population file: the headcount of dependencias (planta and contratistas apart) or the enrolment of
/// colegios by grade, as of a date, from a named source. Kept for good: a later file adds a newer date (or corrects
/// the same date) and the history stays.
/// </summary>
public sealed class PopulationBatch
{
    public int Id { get; set; }
    public PopulationKind Kind { get; set; }
    /// <summary>The date the figures describe (Bogotá calendar), not the day they were imported.</summary>
    public DateOnly AsOf { get; set; }
    /// <summary>Where the figures come from, e.g. «Talento Humano, nómina de marzo» or «SIMAT, matrícula a 31 de marzo».</summary>
    public string Source { get; set; } = "";
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public DateTime ImportedUtc { get; set; }
    public string ImportedBy { get; set; } = "";
    public List<PopulationFigure> Figures { get; set; } = [];
}

/// <summary>
/// One figure of a population file: people of a dependencia with a vínculo, or students of a colegio in a grade.
/// </summary>
public sealed class PopulationFigure
{
    public int Id { get; set; }
    public int BatchId { get; set; }
    public PopulationBatch? Batch { get; set; }
    public int? DependenciaId { get; set; }
    public Vinculo? Vinculo { get; set; }
    public int? ColegioId { get; set; }
    public string? Grade { get; set; }
    public int People { get; set; }
}

internal sealed class PopulationBatchConfiguration : IEntityTypeConfiguration<PopulationBatch>
{
    public void Configure(EntityTypeBuilder<PopulationBatch> b)
    {
        b.ToTable("PopulationBatches");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.Source).HasMaxLength(200);
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.ImportedBy).HasMaxLength(256);
        b.HasIndex(x => new { x.Kind, x.AsOf });
        b.HasMany(x => x.Figures).WithOne(f => f.Batch).HasForeignKey(f => f.BatchId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PopulationFigureConfiguration : IEntityTypeConfiguration<PopulationFigure>
{
    public void Configure(EntityTypeBuilder<PopulationFigure> f)
    {
        f.ToTable("PopulationFigures");
        f.Property(x => x.Vinculo).HasConversion<string>().HasMaxLength(12);
        f.Property(x => x.Grade).HasMaxLength(20);
        f.HasOne<Dependencia>().WithMany().HasForeignKey(x => x.DependenciaId).OnDelete(DeleteBehavior.Restrict);
        f.HasOne<Colegio>().WithMany().HasForeignKey(x => x.ColegioId).OnDelete(DeleteBehavior.Restrict);
        f.HasIndex(x => x.DependenciaId);
        f.HasIndex(x => x.ColegioId);
        f.ToTable(t => t.HasCheckConstraint("CK_PopulationFigures_People", "\"People\" >= 0"));
    }
}

/// <summary>A unit's population as of a date: the figures of the latest file (on or before the date) that names the unit.</summary>
public sealed record UnitPopulation(int UnitId, DateOnly AsOf, string Source, int BatchId, int Planta, int Contratistas, IReadOnlyList<(string Grade, int People)> Grades)
{
    public int Total => Planta + Contratistas + Grades.Sum(g => g.People);
}

/// <summary>Reads population figures: the latest per unit at a date, and the full history of a unit.</summary>
public sealed class Populations(ScariDbContext db)
{
    /// <summary>
    /// Per dependencia (<see cref="PopulationKind.Dependencias"/>) or colegio: the figures of the newest file dated on or
    /// before <paramref name="asOf"/> that names the unit (a later file of the same date corrects an earlier one).
    /// </summary>
    public async Task<Dictionary<int, UnitPopulation>> AtAsync(PopulationKind kind, DateOnly asOf, CancellationToken ct, int? unitId = null)
    {
        var q = db.Set<PopulationFigure>().AsNoTracking().Where(f => f.Batch!.Kind == kind && f.Batch.AsOf <= asOf);
        if (unitId is { } u) q = kind == PopulationKind.Dependencias ? q.Where(f => f.DependenciaId == u) : q.Where(f => f.ColegioId == u);
        var figures = await q.Select(f => new
        {
            Unit = (kind == PopulationKind.Dependencias ? f.DependenciaId : f.ColegioId) ?? 0,
            f.BatchId, f.Batch!.AsOf, f.Batch.Source, f.Vinculo, f.Grade, f.People,
        }).ToListAsync(ct);
        return figures.GroupBy(f => f.Unit).ToDictionary(g => g.Key, g =>
        {
            var latest = g.OrderByDescending(f => f.AsOf).ThenByDescending(f => f.BatchId).First();
            var rows = g.Where(f => f.BatchId == latest.BatchId).ToList();
            return new UnitPopulation(g.Key, latest.AsOf, latest.Source, latest.BatchId,
                rows.Where(r => r.Vinculo == Vinculo.Planta).Sum(r => r.People),
                rows.Where(r => r.Vinculo == Vinculo.Contratista).Sum(r => r.People),
                [.. rows.Where(r => r.Grade is not null).OrderBy(r => GradeOrder(r.Grade!)).ThenBy(r => r.Grade, StringComparer.Ordinal).Select(r => (r.Grade!, r.People))]);
        });
    }

    /// <summary>Every file that named the unit, newest first, with the unit's figures in it.</summary>
    public async Task<List<UnitPopulation>> HistoryAsync(PopulationKind kind, int unitId, CancellationToken ct)
    {
        var q = db.Set<PopulationFigure>().AsNoTracking().Where(f => f.Batch!.Kind == kind);
        q = kind == PopulationKind.Dependencias ? q.Where(f => f.DependenciaId == unitId) : q.Where(f => f.ColegioId == unitId);
        var figures = await q.Select(f => new { f.BatchId, f.Batch!.AsOf, f.Batch.Source, f.Vinculo, f.Grade, f.People }).ToListAsync(ct);
        return [.. figures.GroupBy(f => f.BatchId).Select(g =>
        {
            var first = g.First();
            return new UnitPopulation(unitId, first.AsOf, first.Source, g.Key,
                g.Where(r => r.Vinculo == Vinculo.Planta).Sum(r => r.People),
                g.Where(r => r.Vinculo == Vinculo.Contratista).Sum(r => r.People),
                [.. g.Where(r => r.Grade is not null).OrderBy(r => GradeOrder(r.Grade!)).ThenBy(r => r.Grade, StringComparer.Ordinal).Select(r => (r.Grade!, r.People))]);
        }).OrderByDescending(p => p.AsOf).ThenByDescending(p => p.BatchId)];
    }

    /// <summary>Grades in school order: preescolar first, then 1 to 13, then anything else.</summary>
    public static int GradeOrder(string grade) => grade.ToLowerInvariant() switch
    {
        "prejardín" or "prejardin" => -3,
        "jardín" or "jardin" => -2,
        "transición" or "transicion" or "0" => -1,
        var g when int.TryParse(g, out var n) => n,
        _ => 100,
    };
}
