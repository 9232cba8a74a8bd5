using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// Whose people a viewer may count and list: everyone (administrators), or a coordinator's colegio and/or
/// dependencia. A coordinator with neither sees nobody.
/// </summary>
public sealed record IndicatorScope(bool Everyone, int? ColegioId, int? DependenciaId)
{
    public static readonly IndicatorScope All = new(true, null, null);

    public string Key => Everyone ? "todos" : $"c{ColegioId}-d{DependenciaId}";

    public static async Task<IndicatorScope?> ForAsync(ClaimsPrincipal user, ScariDbContext db, CancellationToken ct)
    {
        if (user.IsInRole(Roles.Administrador)) return All;
        if (!user.IsInRole(Roles.Coordinador)) return null;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var scope = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.CoordinatedColegioId, u.CoordinatedDependenciaId }).FirstOrDefaultAsync(ct);
        return scope is null ? null : new IndicatorScope(false, scope.CoordinatedColegioId, scope.CoordinatedDependenciaId);
    }
}
