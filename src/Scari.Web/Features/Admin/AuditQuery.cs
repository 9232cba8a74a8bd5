using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Shared;

namespace Scari.Web.Features.Admin;

/// <summary>Filters for the audit log page. Dates are Bogotá calendar days, both ends included.</summary>
public sealed class AuditFilter
{
    public string? Accion { get; set; }
    public string? Actor { get; set; }
    public string? TipoObjeto { get; set; }
    public string? Objeto { get; set; }
    public DateOnly? Desde { get; set; }
    public DateOnly? Hasta { get; set; }
    public int Pagina { get; set; } = 1;
}

public sealed record AuditRow(long Id, DateTime AtUtc, string ActorName, string Action, string TargetType, string TargetId, string? Summary);

/// <summary>Reads the audit log, newest first. There is deliberately no way to change or delete an entry.</summary>
public sealed class AuditQuery(ScariDbContext db)
{
    public async Task<Paged<AuditRow>> FindAsync(AuditFilter f, CancellationToken ct)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Accion))
        {
            // Action codes are lower case; folding here makes "PERSON." mean the same on PostgreSQL (case-sensitive
            // LIKE) and SQLite (LIKE ignores A–Z case).
            var action = f.Accion.Trim().ToLowerInvariant();
            q = q.Where(e => e.Action.StartsWith(action));
        }
        if (!string.IsNullOrWhiteSpace(f.Actor))
        {
            var actor = f.Actor.Trim().ToLower();
            q = q.Where(e => e.ActorName.ToLower().Contains(actor));
        }
        if (!string.IsNullOrWhiteSpace(f.TipoObjeto))
        {
            var type = f.TipoObjeto.Trim();
            q = q.Where(e => e.TargetType == type);
        }
        if (!string.IsNullOrWhiteSpace(f.Objeto))
        {
            var id = f.Objeto.Trim();
            q = q.Where(e => e.TargetId == id);
        }
        if (f.Desde is { } from)
        {
            var start = Bogota.StartOfDayUtc(from);
            q = q.Where(e => e.AtUtc >= start);
        }
        if (f.Hasta is { } to)
        {
            var end = Bogota.EndOfDayUtc(to);
            q = q.Where(e => e.AtUtc < end);
        }

        return await q.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id).ToPageAsync(f.Pagina,
            e => new AuditRow(e.Id, e.AtUtc, e.ActorName, e.Action, e.TargetType, e.TargetId, e.Summary), ct);
    }

    public async Task<(IReadOnlyList<string> Actions, IReadOnlyList<string> TargetTypes)> ChoicesAsync(CancellationToken ct)
    {
        var actions = await db.AuditEntries.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        var types = await db.AuditEntries.AsNoTracking().Select(e => e.TargetType).Distinct().OrderBy(a => a).ToListAsync(ct);
        return (actions, types);
    }
}
