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

    /// <summary>From the shared account scope (<see cref="CurrentAccount"/>); null for anyone but staff who count.</summary>
    public static IndicatorScope? For(CurrentAccount account) =>
        account switch
        {
            { IsAdministrator: true } => All,
            { IsCoordinator: true } a => new IndicatorScope(false, a.ColegioId, a.DependenciaId),
            _ => null,
        };
}
