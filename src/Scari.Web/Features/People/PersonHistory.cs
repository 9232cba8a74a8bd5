using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Scari.Web.Features.People;

/// <summary>
/// The attributes the indicators count by (audience, dependencia, vínculo, colegio), as they were during one span
/// of time. A person's spans do not overlap and leave no gap after the first: the counter reads the span valid at
/// each completion's instant, so moving a person today leaves last year's breakdowns as they were.
/// </summary>
public sealed class PersonAttributes
{
    public long Id { get; set; }
    public int PersonId { get; set; }
    public Person Person { get; set; } = null!;
    /// <summary>Null: valid from the beginning of time (a person's first known values, unless an import dated them).</summary>
    public DateTime? ValidFromUtc { get; set; }
    /// <summary>Exclusive end; null: still valid.</summary>
    public DateTime? ValidUntilUtc { get; set; }
    public Audience Audience { get; set; }
    public int? DependenciaId { get; set; }
    public Dependencia? Dependencia { get; set; }
    public Vinculo? Vinculo { get; set; }
    public int? ColegioId { get; set; }
    public Colegio? Colegio { get; set; }
    public DateTime RecordedUtc { get; set; }

    public bool SameValues(Person p) =>
        Audience == p.Audience && DependenciaId == p.DependenciaId && Vinculo == p.Vinculo && ColegioId == p.ColegioId;
}

internal sealed class PersonAttributesConfiguration : IEntityTypeConfiguration<PersonAttributes>
{
    public void Configure(EntityTypeBuilder<PersonAttributes> a)
    {
        a.ToTable("PersonAttributes");
        a.Property(x => x.Audience).HasConversion<string>().HasMaxLength(8);
        a.Property(x => x.Vinculo).HasConversion<string>().HasMaxLength(12);
        a.HasOne(x => x.Person).WithMany().OnDelete(DeleteBehavior.Cascade);
        a.HasOne(x => x.Dependencia).WithMany().OnDelete(DeleteBehavior.Restrict);
        a.HasOne(x => x.Colegio).WithMany().OnDelete(DeleteBehavior.Restrict);
        a.HasIndex(x => new { x.PersonId, x.ValidFromUtc }).IsUnique();
    }
}

/// <summary>
/// Writes <see cref="PersonAttributes"/> from every save of a <see cref="Person"/>, whatever wrote it (the person form,
/// the imports, registration, seeding): a new person opens their first span; a change of audience, dependencia,
/// vínculo or colegio closes the open span at <see cref="Person.AttributesChangedUtc"/> (default: now) and opens
/// another. A change dated at or before the open span's start corrects that span instead.
/// </summary>
public static class PersonHistory
{
    public static async Task RecordAsync(DbContext db, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        var people = db.ChangeTracker.Entries<Person>()
            .Where(e => e.State == EntityState.Added || e.State == EntityState.Modified && Changed(e)).ToList();
        if (people.Count == 0) return;
        var now = DateTime.UtcNow;
        // Spans already tracked, looked up once (an import saves thousands of people in one call).
        var tracked = db.ChangeTracker.Entries<PersonAttributes>().Select(a => a.Entity).ToList();
        var withSpan = tracked.Select(a => a.Person).Where(p => p is not null).ToHashSet(ReferenceEqualityComparer.Instance);
        var openById = tracked.Where(a => a.ValidUntilUtc == null && a.PersonId != 0).GroupBy(a => a.PersonId).ToDictionary(g => g.Key, g => g.First());
        var missing = people.Where(e => e.State == EntityState.Modified && !openById.ContainsKey(e.Entity.Id)).Select(e => e.Entity.Id).ToList();
        foreach (var chunk in missing.Chunk(1000))
            foreach (var a in await db.Set<PersonAttributes>().Where(a => chunk.Contains(a.PersonId) && a.ValidUntilUtc == null).ToListAsync(ct))
                openById.TryAdd(a.PersonId, a);
        foreach (var entry in people)
        {
            var p = entry.Entity;
            if (entry.State == EntityState.Added)
            {
                if (!withSpan.Contains(p)) db.Add(Open(p, p.AttributesChangedUtc, now));
            }
            else
            {
                var open = openById.GetValueOrDefault(p.Id);
                var from = p.AttributesChangedUtc ?? now;
                if (open is null) db.Add(Open(p, null, now));
                else if (open.ValidFromUtc is { } start && from <= start || db.Entry(open).State == EntityState.Added)
                    Copy(p, open);
                else
                {
                    open.ValidUntilUtc = from;
                    db.Add(Open(p, from, now));
                }
            }
            p.AttributesChangedUtc = null;
        }
    }

    /// <summary>Run by the migration that added the history: every existing person's values, valid from the beginning of time.</summary>
    public const string BackfillSql = """
        INSERT INTO "PersonAttributes" ("PersonId", "ValidFromUtc", "ValidUntilUtc", "Audience", "DependenciaId", "Vinculo", "ColegioId", "RecordedUtc")
        SELECT "Id", NULL, NULL, "Audience", "DependenciaId", "Vinculo", "ColegioId", "CreatedUtc" FROM "People"
        """;

    private static bool Changed(EntityEntry<Person> e) =>
        e.Property(p => p.Audience).IsModified && !Equals(e.Property(p => p.Audience).OriginalValue, e.Entity.Audience)
        || e.Property(p => p.DependenciaId).IsModified && !Equals(e.Property(p => p.DependenciaId).OriginalValue, e.Entity.DependenciaId)
        || e.Property(p => p.Vinculo).IsModified && !Equals(e.Property(p => p.Vinculo).OriginalValue, e.Entity.Vinculo)
        || e.Property(p => p.ColegioId).IsModified && !Equals(e.Property(p => p.ColegioId).OriginalValue, e.Entity.ColegioId);

    /// <summary>
    /// The first span of a person saved without SaveChanges (the import's set-based insert, <see cref="Data.SetInsert"/>):
    /// what <see cref="RecordAsync"/> opens for a new person, by id.
    /// </summary>
    public static PersonAttributes FirstSpan(Person saved, DateTime now) => new()
    {
        PersonId = saved.Id, ValidFromUtc = saved.AttributesChangedUtc, RecordedUtc = now,
        Audience = saved.Audience, DependenciaId = saved.DependenciaId, Vinculo = saved.Vinculo, ColegioId = saved.ColegioId,
    };

    private static PersonAttributes Open(Person p, DateTime? from, DateTime now)
    {
        var a = new PersonAttributes { Person = p, ValidFromUtc = from, RecordedUtc = now };
        Copy(p, a);
        return a;
    }

    private static void Copy(Person p, PersonAttributes a)
    {
        a.Audience = p.Audience;
        a.Vinculo = p.Vinculo;
        // Navigations when set (new units saved in the same call have no id yet), ids otherwise.
        if (p.Dependencia is not null) a.Dependencia = p.Dependencia; else { a.Dependencia = null; a.DependenciaId = p.DependenciaId; }
        if (p.Colegio is not null) a.Colegio = p.Colegio; else { a.Colegio = null; a.ColegioId = p.ColegioId; }
    }
}
