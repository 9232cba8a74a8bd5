using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Accounts;

/// <summary>Shared lists for the staff account pages.</summary>
public abstract class StaffAccountPage(ScariDbContext db) : PageModel
{
    [BindProperty] public StaffAccountInput Input { get; set; } = new();
    public IReadOnlyList<(int Id, string Name)> Colegios { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Dependencias { get; private set; } = [];

    protected async Task LoadListsAsync(CancellationToken ct)
    {
        Colegios = (await db.Colegios.AsNoTracking().Where(c => c.Active).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Name)).ToList();
        Dependencias = (await db.Dependencias.AsNoTracking().Where(d => d.Active).OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(ct))
            .Select(d => (d.Id, d.Name)).ToList();
    }
}

[Authorize(Roles = "Administrador")]
public sealed class StaffAccountsPageModel(ScariDbContext db, StaffAccounts accounts, AccountMail accountMail, TimeProvider clock) : StaffAccountPage(db)
{
    public IReadOnlyList<StaffAccounts.Row> Rows { get; private set; } = [];
    public IReadOnlyList<(string Email, IReadOnlyList<string> UserNames)> DuplicateEmails { get; private set; } = [];
    public DateTime NowUtc { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.Role = Roles.Coordinador;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var (id, errors) = await accounts.CreateAsync(Input, ct);
        if (id is null)
        {
            errors.CopyTo(ModelState);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Aviso"] = $"Cuenta creada para {Input.Email?.Trim()}. Le enviamos una invitación para que elija su contraseña (vale 7 días).";
        return Redirect("/admin/cuentas");
    }

    public async Task<IActionResult> OnPostResendAsync(string? id, CancellationToken ct)
    {
        var problem = string.IsNullOrEmpty(id) ? "Elija la cuenta." : await accountMail.ResendInvitationAsync(id, ct);
        if (problem is null) TempData["Aviso"] = "Invitación reenviada: el enlace anterior ya no sirve y el nuevo vale 7 días.";
        else TempData["Error"] = problem;
        return Redirect("/admin/cuentas");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        NowUtc = clock.GetUtcNow().UtcDateTime;
        Rows = await accounts.ListAsync(NowUtc, ct);
        DuplicateEmails = await accountMail.DuplicateEmailsAsync(ct);
        await LoadListsAsync(ct);
    }
}

[Authorize(Roles = "Administrador")]
public sealed class StaffAccountEditModel(ScariDbContext db, StaffAccounts accounts, UserManager<ScariUser> users) : StaffAccountPage(db)
{
    [FromRoute] public string Id { get; set; } = "";
    public string FullName { get; private set; } = "";
    public string UserName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = await users.FindByIdAsync(Id);
        if (user is null) return NotFound();
        var role = (await users.GetRolesAsync(user)).FirstOrDefault(StaffAccounts.StaffRoles.Contains);
        if (role is null) return NotFound();
        Input = new StaffAccountInput { Role = role, ColegioId = user.CoordinatedColegioId, DependenciaId = user.CoordinatedDependenciaId };
        FullName = user.FullName;
        UserName = user.UserName ?? "";
        await LoadListsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var actor = users.GetUserId(User) ?? "";
        var errors = await accounts.ChangeRoleAsync(Id, Input, actor, ct);
        if (errors is null) return NotFound();
        if (errors.Count > 0)
        {
            errors.CopyTo(ModelState);
            var user = await users.FindByIdAsync(Id);
            FullName = user?.FullName ?? "";
            UserName = user?.UserName ?? "";
            await LoadListsAsync(ct);
            return Page();
        }
        TempData["Aviso"] = "Rol y alcance actualizados.";
        return Redirect("/admin/cuentas");
    }
}
