using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Admin;

/// <summary>/admin/sistema: the technical facts an administrator may need (database engine, accounts), kept off the homes.</summary>
[Authorize(Roles = Roles.Administrador)]
public sealed class SystemModel(ScariDbContext db, DatabaseOptions database) : PageModel
{
    public int Accounts { get; private set; }
    public int CurrentCourses { get; private set; }
    public string Provider => database.Provider == DatabaseProvider.Postgres ? "PostgreSQL" : "SQLite";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Accounts = await db.Users.CountAsync(ct);
        CurrentCourses = await db.CourseVersions.CountAsync(v => v.IsCurrent, ct);
    }
}
