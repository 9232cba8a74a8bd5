using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

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

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Reads the audit log, newest first. There is deliberately no way to change or delete an entry.</summary>
public sealed class AuditQuery(ScariDbContext db)
{
    public const int PageSize = 50;

    public async Task<AuditPage> FindAsync(AuditFilter f, CancellationToken ct)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Accion))
        {
            var action = f.Accion.Trim();
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

        var total = await q.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(f.Pagina, 1, pages);
        var rows = await q.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(e => new AuditRow(e.Id, e.AtUtc, e.ActorName, e.Action, e.TargetType, e.TargetId, e.Summary))
            .ToListAsync(ct);
        return new AuditPage(rows, total, page, PageSize);
    }

    public async Task<(IReadOnlyList<string> Actions, IReadOnlyList<string> TargetTypes)> ChoicesAsync(CancellationToken ct)
    {
        var actions = await db.AuditEntries.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        var types = await db.AuditEntries.AsNoTracking().Select(e => e.TargetType).Distinct().OrderBy(a => a).ToListAsync(ct);
        return (actions, types);
    }
}
