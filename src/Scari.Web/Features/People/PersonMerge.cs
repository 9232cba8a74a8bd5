using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scari.Web.Data;

namespace Scari.Web.Features.People;

/// <summary>
/// Two records of one person made one: <see cref="MergedPersonId"/>'s rows moved to <see cref="SurvivorPersonId"/> and
/// the merged row was deleted. The full before-state is in the audit entry (<see cref="AuditEntryId"/>, JSON in
/// <see cref="Admin.AuditEntry.Data"/>), from which the merge is undone while nothing newer depends on it.
/// </summary>
public sealed class PersonMerge
{
    public int Id { get; set; }
    public int SurvivorPersonId { get; set; }
    /// <summary>The deleted record's id: no foreign key (the row is gone); the cut-off drift and a reversal read it.</summary>
    public int MergedPersonId { get; set; }
    /// <summary>The merged record's name and document as they were, for the drift list and the merge page (blanked on anonymization).</summary>
    public string MergedName { get; set; } = "";
    public string MergedDocument { get; set; } = "";
    public DateTime MergedUtc { get; set; }
    public string? MergedByUserId { get; set; }
    public long? AuditEntryId { get; set; }
    public DateTime? UndoneUtc { get; set; }
    public string? UndoneByUserId { get; set; }
}

internal sealed class PersonMergeConfiguration : IEntityTypeConfiguration<PersonMerge>
{
    public void Configure(EntityTypeBuilder<PersonMerge> m)
    {
        m.Property(x => x.MergedName).HasMaxLength(220);
        m.Property(x => x.MergedDocument).HasMaxLength(30);
        m.Property(x => x.MergedByUserId).HasMaxLength(450);
        m.Property(x => x.UndoneByUserId).HasMaxLength(450);
        m.HasOne<Person>().WithMany().HasForeignKey(x => x.SurvivorPersonId).OnDelete(DeleteBehavior.Restrict);
        m.HasIndex(x => x.SurvivorPersonId);
        m.HasIndex(x => x.MergedPersonId);
    }
}

/// <summary>
/// The before-state of a merge: every row of the two records that the merge touched, column by column, read from the
/// EF model (so a column added later is kept too), and the keys of the rows the merge created. Stored as JSON in the
/// merge's audit entry; the reversal writes it back.
/// </summary>
public sealed class MergeSnapshot
{
    public int SurvivorId { get; set; }
    public int MergedId { get; set; }
    public DateTime MergedUtc { get; set; }
    /// <summary>Entity type name → rows, each a column → value map.</summary>
    public Dictionary<string, List<Dictionary<string, JsonElement>>> Before { get; set; } = [];
    /// <summary>Entity type name → primary keys (one value each) of rows the merge inserted.</summary>
    public Dictionary<string, List<JsonElement>> Created { get; set; } = [];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Sign-in accounts: only what a merge changes (never password hashes or other secrets).</summary>
    public static readonly string[] AccountColumns =
        [nameof(Accounts.ScariUser.Id), nameof(Accounts.ScariUser.PersonId), nameof(Accounts.ScariUser.UserName),
         nameof(Accounts.ScariUser.NormalizedUserName), nameof(Accounts.ScariUser.LockoutEnabled), nameof(Accounts.ScariUser.LockoutEnd)];

    public void Keep(ScariDbContext db, object entity)
    {
        var entry = db.Entry(entity);
        var name = entry.Metadata.ClrType.Name;
        var columns = entity is Accounts.ScariUser ? AccountColumns : null;
        var row = new Dictionary<string, JsonElement>();
        foreach (var p in entry.Properties)
        {
            if (columns is not null && !columns.Contains(p.Metadata.Name)) continue;
            if (p.Metadata.IsShadowProperty() && !p.Metadata.IsForeignKey()) continue;
            row[p.Metadata.Name] = JsonSerializer.SerializeToElement(p.OriginalValue, p.Metadata.ClrType, Json);
        }
        if (!Before.TryGetValue(name, out var rows)) Before[name] = rows = [];
        rows.Add(row);
    }

    /// <summary>A one-column key as its value; a composite key (a survey receipt) as a column → value object.</summary>
    public void KeepCreated(ScariDbContext db, object entity)
    {
        var entry = db.Entry(entity);
        var key = entry.Metadata.FindPrimaryKey()!.Properties;
        var name = entry.Metadata.ClrType.Name;
        if (!Created.TryGetValue(name, out var keys)) Created[name] = keys = [];
        keys.Add(key.Count == 1
            ? JsonSerializer.SerializeToElement(entry.Property(key[0].Name).CurrentValue, key[0].ClrType, Json)
            : JsonSerializer.SerializeToElement(key.ToDictionary(p => p.Name, p => entry.Property(p.Name).CurrentValue), Json));
    }

    /// <summary>Ids of the <paramref name="entity"/> rows that belonged to <paramref name="personId"/> before the merge.</summary>
    public HashSet<int> Owned(string entity, int personId, string column = "PersonId") =>
        Before.GetValueOrDefault(entity, []).Where(r => r[column].ValueKind == JsonValueKind.Number && r[column].GetInt32() == personId)
            .Select(r => r["Id"].GetInt32()).ToHashSet();

    public IEnumerable<long> CreatedLongIds(string entity) =>
        Created.GetValueOrDefault(entity, []).Select(k => k.GetInt64());

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static MergeSnapshot? Read(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try { return JsonSerializer.Deserialize<MergeSnapshot>(json, Json); }
        catch (JsonException) { return null; }
    }
}
