using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scari.Web.Data;

namespace Scari.Web.Features.Admin;

/// <summary>One administrative change: who did what to whom, when, with a before/after summary. Append-only.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    /// <summary>The acting account's id, or null for the system (content load at start, CLI).</summary>
    public string? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";
    /// <summary>A dotted verb, e.g. <c>enrollment.created</c>, <c>certificate.revoked</c>.</summary>
    public string Action { get; set; } = "";
    public string TargetType { get; set; } = "";
    public string TargetId { get; set; } = "";
    /// <summary>What changed, in words or as compact JSON; never passwords or codes.</summary>
    public string? Summary { get; set; }
    /// <summary>
    /// Machine-readable state for actions that can be undone from their entry (a merge keeps here the full before-state,
    /// as JSON); null for most entries. Blanked with the summary when the person it describes is anonymized.
    /// </summary>
    public string? Data { get; set; }
}

/// <summary>
/// Adds audit entries to the current unit of work: they are written by the caller's SaveChanges,
/// in the same transaction as the change they describe.
/// </summary>
public sealed class AuditLog(ScariDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public AuditEntry Record(string action, string targetType, object targetId, string? summary = null, string? data = null)
    {
        var user = http.HttpContext?.User;
        var entry = new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            ActorUserId = user?.FindFirstValue(ClaimTypes.NameIdentifier),
            ActorName = user?.Identity?.Name ?? "sistema",
            Action = action,
            TargetType = targetType,
            TargetId = Convert.ToString(targetId, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            Summary = summary,
            Data = data,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    public const string RedactedSummary = "[resumen retirado: datos personales eliminados]";

    /// <summary>
    /// The one exception to append-only (Ley 1581 de 2012, supresión): when a person is anonymized, the summaries
    /// that describe them and the actor names of their own accounts are blanked. Who acted, what, on what and when stay.
    /// </summary>
    public async Task<int> RedactPersonalDataAsync(string targetType, string targetId, IReadOnlyList<string> actorUserIds,
        IReadOnlyList<string> personalValues, string anonymousName, CancellationToken ct)
    {
        var values = personalValues.Where(v => v.Length >= 4).Distinct().ToList();
        var changed = 0;
        changed += await db.AuditEntries.Where(e => e.TargetType == targetType && e.TargetId == targetId)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Summary, RedactedSummary).SetProperty(e => e.Data, (string?)null), ct);
        foreach (var value in values) // entries about other objects that name the person (an enrollment, an import)
            changed += await db.AuditEntries.Where(e => e.Summary != null && e.Summary.Contains(value) || e.Data != null && e.Data.Contains(value))
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.Summary, RedactedSummary).SetProperty(e => e.Data, (string?)null), ct);
        changed += await db.AuditEntries.Where(e => e.ActorUserId != null && actorUserIds.Contains(e.ActorUserId))
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.ActorName, anonymousName), ct);
        return changed;
    }
}

/// <summary>The log is append-only: any attempt to save a changed or deleted entry fails before reaching the database.</summary>
public static class AuditGuard
{
    public static void RefuseRewrites(Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker tracker)
    {
        if (tracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("El registro de auditoría no se puede modificar ni borrar.");
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> a)
    {
        a.Property(x => x.ActorUserId).HasMaxLength(450);
        a.Property(x => x.ActorName).HasMaxLength(256);
        a.Property(x => x.Action).HasMaxLength(80);
        a.Property(x => x.TargetType).HasMaxLength(80);
        a.Property(x => x.TargetId).HasMaxLength(120);
        a.Property(x => x.Summary).HasMaxLength(4000);
        a.HasIndex(x => x.AtUtc);
        a.HasIndex(x => new { x.TargetType, x.TargetId });
    }
}
