namespace Scari.Web.Features.Accounts;

public static class Roles
{
    public const string Administrador = nameof(Administrador);
    public const string Coordinador = nameof(Coordinador);
    public const string Tutor = nameof(Tutor);
    public const string Aprendiz = nameof(Aprendiz);

    /// <summary>Roles that see the administration area (each scoped to what it may see).</summary>
    public const string Staff = "Administrador,Coordinador,Tutor";

    public static readonly IReadOnlyList<string> All = [Administrador, Coordinador, Tutor, Aprendiz];
}
