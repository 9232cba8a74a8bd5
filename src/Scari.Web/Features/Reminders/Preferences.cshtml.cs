using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Reminders;

/// <summary>/cuenta/correo: the signed-in person chooses whether they get reminders (and a coordinator, the weekly digest).</summary>
[Authorize]
public sealed class PreferencesModel(ScariDbContext db, MailPreferences preferences) : PageModel
{
    [BindProperty] public bool Recordatorios { get; set; }
    [BindProperty] public bool Resumen { get; set; }
    public bool HasPerson { get; private set; }
    public bool IsCoordinator { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var account = HttpContext.Account();
        HasPerson = account.PersonId is not null;
        IsCoordinator = account.IsCoordinator;
        Recordatorios = account.PersonId is { } id && await db.People.AnyAsync(p => p.Id == id && p.RemindersOptOutUtc == null, ct);
        Resumen = await db.Users.AnyAsync(u => u.Id == account.UserId && u.DigestOptOutUtc == null, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var account = HttpContext.Account();
        if (account.PersonId is { } personId) await preferences.SetRemindersAsync(personId, Recordatorios, ct);
        if (account.IsCoordinator) await preferences.SetDigestAsync(account.UserId, Resumen, ct);
        TempData["Aviso"] = "Preferencias de correo guardadas.";
        return RedirectToPage();
    }
}
