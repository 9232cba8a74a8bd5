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

public static class RoleQueries
{
    /// <summary>The accounts in <paramref name="role"/>, as a query (role names are read from the database, one SQL statement).</summary>
    public static IQueryable<ScariUser> UsersInRole(this Data.ScariDbContext db, string role) =>
        db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
}
