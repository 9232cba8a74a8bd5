using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.Admin;

public sealed class IndexModel(ScariDbContext db, DatabaseOptions database) : PageModel
{
    public string UserName { get; private set; } = "";
    public int Accounts { get; private set; }
    public string Provider => database.Provider == DatabaseProvider.Postgres ? "PostgreSQL" : "SQLite";

    public async Task OnGetAsync(CancellationToken ct)
    {
        UserName = User.Identity?.Name ?? "";
        Accounts = await db.Users.CountAsync(ct);
    }
}
