using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scari.Web.Data;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.People;

/// <summary>Why two records may be the same person.</summary>
public enum DuplicateReason
{
    /// <summary>The same number with another document type (TI → CC with the NUIP).</summary>
    SameNumberOtherType,
    /// <summary>Numbers one digit apart, or with two neighbouring digits swapped, and the same name.</summary>
    NumberOneEditApart,
    /// <summary>The same normalized full name and the same birth date.</summary>
    SameNameAndBirthDate,
    SameEmail,
}

/// <summary>One half of a probable duplicate, as the page and the API show it.</summary>
public sealed record DuplicateHalf(int Id, string FullName, DocumentType DocumentType, string DocumentNumber, Audience Audience,
    string? Unit, DateOnly? BirthDate, string? Email);

public sealed record DuplicateFinding(DuplicateReason Reason, string Description);

/// <summary>A probable duplicate: the two records (lower id first), the reasons and a score from 1 to 100.</summary>
public sealed record DuplicatePair(DuplicateHalf A, DuplicateHalf B, IReadOnlyList<DuplicateFinding> Reasons, int Score);

/// <summary>"No es la misma persona": a pair an administrator or coordinator looked at and set aside; never listed again.</summary>
public sealed class DuplicateDismissal
{
    public int Id { get; set; }
    /// <summary>The lower id of the pair.</summary>
    public int PersonAId { get; set; }
    public int PersonBId { get; set; }
    public DateTime DismissedUtc { get; set; }
    public string? DismissedByUserId { get; set; }
}

internal sealed class DuplicateDismissalConfiguration : IEntityTypeConfiguration<DuplicateDismissal>
{
    public void Configure(EntityTypeBuilder<DuplicateDismissal> d)
    {
        d.HasIndex(x => new { x.PersonAId, x.PersonBId }).IsUnique();
        d.HasIndex(x => x.PersonBId);
        d.Property(x => x.DismissedByUserId).HasMaxLength(450);
        d.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonAId).OnDelete(DeleteBehavior.Cascade);
        d.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonBId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Keeps <see cref="Person.NameKey"/> in step with the names on every save, whatever wrote the person (forms, imports,
/// registration, seeding), so the duplicate scan reads a stored, indexed key instead of normalizing 100,000 names.
/// </summary>
public static class PersonKeys
{
    public static void Refresh(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries<Person>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            var key = PersonNames.Key(entry.Entity.GivenNames, entry.Entity.FamilyNames);
            if (entry.Entity.NameKey != key) entry.Entity.NameKey = key;
        }
    }
}

/// <summary>
/// Finds probable duplicates among the people a scope sees (a pair is listed only when both halves are inside it):
/// same number with another type; numbers one edit apart with the same name; same name and birth date; same e-mail.
/// No pair-by-pair comparison of everyone: one read of the narrow indexed columns, then hash blocks by number, by name
/// key and birth date, by e-mail, and for the one-edit rule by name key (pair by pair within a name; within a crowded
/// name by deletion neighbourhood, the number with one character removed, so "1234" and "1243" meet on "124" and "1234"
/// and "1284" on "124"), each candidate checked exactly. 100,000 people: docs/performance.md, scripts/bench/duplicates.sh.
/// </summary>
public sealed class DuplicateScan(ScariDbContext db, TimeProvider clock, AuditLog audit)
{
    private sealed record Row(int Id, DocumentType Type, string Number, string NameKey, DateOnly? BirthDate, string? Email);

    public static int Weight(DuplicateReason reason, bool sameName = false) => reason switch
    {
        DuplicateReason.SameNumberOtherType => sameName ? 90 : 60,
        DuplicateReason.NumberOneEditApart => 70,
        DuplicateReason.SameNameAndBirthDate => 75,
        _ => 50,
    };

    /// <summary>Independent evidence combined: 100 × (1 − Π(1 − wᵢ/100)), so two reasons score above either alone and never above 100.</summary>
    public static int Score(IEnumerable<int> weights)
    {
        var missing = weights.Aggregate(1.0, (m, w) => m * (1 - w / 100.0));
        return (int)Math.Round(100 * (1 - missing), MidpointRounding.AwayFromZero);
    }

    /// <summary>Every pair within <paramref name="scope"/>, best first.</summary>
    public async Task<IReadOnlyList<DuplicatePair>> FindAsync(PeopleScope scope, CancellationToken ct)
    {
        if (!scope.Everyone && !scope.IsCoordinator) return [];
        await BackfillNameKeysAsync(ct);
        var rows = await db.People.AsNoTracking().VisibleTo(scope).Where(p => p.AnonymizedUtc == null)
            .Select(p => new Row(p.Id, p.DocumentType, p.DocumentNumber, p.NameKey, p.BirthDate, p.Email))
            .ToListAsync(ct);
        var found = Candidates(rows);
        if (found.Count == 0) return [];

        var dismissed = (await db.Set<DuplicateDismissal>().AsNoTracking().Select(d => new { d.PersonAId, d.PersonBId }).ToListAsync(ct))
            .Select(d => (d.PersonAId, d.PersonBId)).ToHashSet();
        foreach (var pair in dismissed) found.Remove(pair);
        if (found.Count == 0) return [];

        var ids = found.Keys.SelectMany(k => new[] { k.Item1, k.Item2 }).Distinct().ToList();
        var halves = new Dictionary<int, DuplicateHalf>();
        foreach (var chunk in ids.Chunk(1000))
            foreach (var h in await db.People.AsNoTracking().Where(p => chunk.Contains(p.Id))
                .Select(p => new DuplicateHalf(p.Id, p.GivenNames + " " + p.FamilyNames, p.DocumentType, p.DocumentNumber, p.Audience,
                    p.Audience == Audience.Student ? p.Colegio!.Name : p.Dependencia!.Name, p.BirthDate, p.Email)).ToListAsync(ct))
                halves[h.Id] = h;

        return found.Select(f =>
            {
                var (a, b) = (halves[f.Key.Item1], halves[f.Key.Item2]);
                var reasons = f.Value.OrderBy(r => r.Reason).ToList();
                return new DuplicatePair(a, b, reasons.Select(r => new DuplicateFinding(r.Reason, Describe(r.Reason, a, b))).ToList(),
                    Score(reasons.Select(r => r.Weight)));
            })
            .OrderByDescending(p => p.Score).ThenBy(p => p.A.FullName, StringComparer.Create(Bogota.Culture, true)).ThenBy(p => p.A.Id).ThenBy(p => p.B.Id)
            .ToList();
    }

    /// <summary>The pair as it stands now, when both are in scope and it is still a candidate; else null.</summary>
    public async Task<DuplicatePair?> FindPairAsync(PeopleScope scope, int first, int second, CancellationToken ct) =>
        (await FindAsync(scope, ct)).FirstOrDefault(p => p.A.Id == Math.Min(first, second) && p.B.Id == Math.Max(first, second));

    /// <summary>Above this many records with one name, the one-edit rule meets numbers by deletion neighbourhood instead of trying each pair.</summary>
    internal const int PairwiseNameBlock = 48;

    private static Dictionary<(int, int), List<(DuplicateReason Reason, int Weight)>> Candidates(List<Row> rows)
    {
        var found = new Dictionary<(int, int), List<(DuplicateReason, int)>>();
        void Add(Row x, Row y, DuplicateReason reason, int weight)
        {
            var key = x.Id < y.Id ? (x.Id, y.Id) : (y.Id, x.Id);
            if (!found.TryGetValue(key, out var list)) found[key] = list = [];
            if (!list.Any(r => r.Item1 == reason)) list.Add((reason, weight));
        }
        void EachPair(IReadOnlyList<Row> block, Action<Row, Row> visit)
        {
            for (var i = 0; i < block.Count; i++)
                for (var j = i + 1; j < block.Count; j++)
                    visit(block[i], block[j]);
        }

        // The unique index makes two rows with one number differ in type.
        foreach (var block in Blocks(rows, _ => true, r => r.Number))
            EachPair(block, (x, y) => Add(x, y, DuplicateReason.SameNumberOtherType,
                Weight(DuplicateReason.SameNumberOtherType, x.NameKey.Length > 0 && x.NameKey == y.NameKey)));
        foreach (var block in Blocks(rows, r => r.BirthDate is not null && r.NameKey.Length > 0, r => (r.NameKey, r.BirthDate)))
            EachPair(block, (x, y) => Add(x, y, DuplicateReason.SameNameAndBirthDate, Weight(DuplicateReason.SameNameAndBirthDate)));
        foreach (var block in Blocks(rows, r => !string.IsNullOrEmpty(r.Email), r => PersonRules.NormalizeEmail(r.Email)))
            EachPair(block, (x, y) => Add(x, y, DuplicateReason.SameEmail, Weight(DuplicateReason.SameEmail)));

        // One edit apart: only among records with one name. A usual name block is tried pair by pair; a crowded one (a very
        // common name) meets its numbers by deletion neighbourhood, the number without one of its digits.
        var oneEdit = Weight(DuplicateReason.NumberOneEditApart);
        foreach (var name in Blocks(rows, r => r.NameKey.Length > 0, r => r.NameKey))
        {
            if (name.Length <= PairwiseNameBlock)
            {
                EachPair(name, (x, y) => { if (OneEditApart(x.Number, y.Number)) Add(x, y, DuplicateReason.NumberOneEditApart, oneEdit); });
                continue;
            }
            var deletions = name.SelectMany(r => Enumerable.Range(0, r.Number.Length).Select(i => (Key: r.Number.Remove(i, 1), Row: r))).ToList();
            foreach (var block in Blocks(deletions, _ => true, d => d.Key))
                EachPair(block.Select(d => d.Row).Distinct().ToList(), (x, y) => { if (OneEditApart(x.Number, y.Number)) Add(x, y, DuplicateReason.NumberOneEditApart, oneEdit); });
        }
        return found;
    }

    /// <summary>
    /// The blocks of two or more rows with one key. A dictionary holds each key's latest row and an array chains it to the
    /// one before, so the 100,000 keys that occur once cost no list each.
    /// </summary>
    private static List<T[]> Blocks<T, TKey>(IReadOnlyList<T> rows, Func<T, bool> include, Func<T, TKey> key) where TKey : notnull
    {
        var latest = new Dictionary<TKey, int>(rows.Count);
        var previous = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            previous[i] = -1;
            if (!include(rows[i])) continue;
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(latest, key(rows[i]), out var exists);
            if (exists) previous[i] = slot;
            slot = i;
        }
        var blocks = new List<T[]>();
        var members = new List<T>();
        foreach (var last in latest.Values)
        {
            if (previous[last] < 0) continue;
            members.Clear();
            for (var i = last; i >= 0; i = previous[i]) members.Add(rows[i]);
            blocks.Add([.. members]);
        }
        return blocks;
    }

    /// <summary>Same length and either one character different or two neighbouring characters swapped.</summary>
    public static bool OneEditApart(string x, string y)
    {
        if (x.Length != y.Length || x == y) return false;
        var first = -1;
        var count = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] == y[i]) continue;
            if (++count > 2) return false;
            if (first < 0) first = i;
        }
        if (count == 1) return true;
        return x[first + 1] != y[first + 1] && x[first] == y[first + 1] && x[first + 1] == y[first];
    }

    public static string Describe(DuplicateReason reason, DuplicateHalf a, DuplicateHalf b) => reason switch
    {
        DuplicateReason.SameNumberOtherType =>
            $"Mismo número ({a.DocumentNumber}) con otro tipo de documento: {a.DocumentType} y {b.DocumentType}.",
        DuplicateReason.NumberOneEditApart =>
            $"Números a un dígito de distancia ({a.DocumentNumber} y {b.DocumentNumber}: un dígito distinto o dos vecinos intercambiados) y el mismo nombre.",
        DuplicateReason.SameNameAndBirthDate =>
            $"Mismo nombre completo (sin importar tildes, mayúsculas, espacios ni el orden de nombres y apellidos) y misma fecha de nacimiento ({(a.BirthDate is { } birth ? Bogota.FormatDate(birth) : "")}).",
        _ => $"Mismo correo electrónico ({a.Email}).",
    };

    public static string ReasonLabel(DuplicateReason reason) => reason switch
    {
        DuplicateReason.SameNumberOtherType => "mismo número, otro tipo",
        DuplicateReason.NumberOneEditApart => "número a un dígito y mismo nombre",
        DuplicateReason.SameNameAndBirthDate => "mismo nombre y fecha de nacimiento",
        _ => "mismo correo",
    };

    public sealed record DismissResult(string? Error, bool NotFound = false)
    {
        public bool Succeeded => Error is null && !NotFound;
    }

    /// <summary>"No es la misma persona": remembered for the pair (both must be in scope), audited; the pair is no longer listed.</summary>
    public async Task<DismissResult> DismissAsync(PeopleScope scope, int first, int second, string? actorUserId, CancellationToken ct)
    {
        if (!scope.Everyone && !scope.IsCoordinator) return new(null, NotFound: true);
        if (first == second) return new("Una persona no puede ser duplicado de sí misma: elija dos registros distintos.");
        var (a, b) = (Math.Min(first, second), Math.Max(first, second));
        var people = await db.People.AsNoTracking().VisibleTo(scope).Where(p => (p.Id == a || p.Id == b) && p.AnonymizedUtc == null)
            .Select(p => new { p.Id, Name = p.GivenNames + " " + p.FamilyNames, p.DocumentType, p.DocumentNumber }).ToListAsync(ct);
        if (people.Count != 2) return new(null, NotFound: true);
        if (await db.Set<DuplicateDismissal>().AnyAsync(d => d.PersonAId == a && d.PersonBId == b, ct))
            return new("Este par ya estaba marcado como «no es la misma persona».");
        db.Add(new DuplicateDismissal { PersonAId = a, PersonBId = b, DismissedUtc = clock.GetUtcNow().UtcDateTime, DismissedByUserId = actorUserId });
        var pa = people.Single(p => p.Id == a);
        var pb = people.Single(p => p.Id == b);
        audit.Record("person.duplicate-dismissed", "Person", a,
            $"No es la misma persona: {pa.Name} ({pa.DocumentType} {pa.DocumentNumber}, id {a}) y {pb.Name} ({pb.DocumentType} {pb.DocumentNumber}, id {b}).");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (db.IsOn<DuplicateDismissal>(ex, nameof(DuplicateDismissal.PersonAId), nameof(DuplicateDismissal.PersonBId)))
        {
            db.ChangeTracker.Clear();
            return new("Este par ya estaba marcado como «no es la misma persona».");
        }
        return new(null);
    }

    /// <summary>People saved before the key existed (or written by bulk SQL) get it here, once.</summary>
    private async Task BackfillNameKeysAsync(CancellationToken ct)
    {
        var after = 0;
        while (true)
        {
            var missing = await db.People.Where(p => p.Id > after && p.NameKey == "" && p.AnonymizedUtc == null)
                .OrderBy(p => p.Id).Take(1000).ToListAsync(ct);
            if (missing.Count == 0) return;
            foreach (var p in missing) p.NameKey = PersonNames.Key(p.GivenNames, p.FamilyNames);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            after = missing[^1].Id;
        }
    }
}
