using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Accounts;

/// <summary>
/// /cuenta/seguridad: set up, renew or turn off two-factor sign-in. Open to every signed-in account: the roles that need
/// it (<see cref="TwoFactorPolicy"/>) are held back until it is set up, so this page cannot require them.
/// </summary>
[Authorize]
public sealed partial class TwoFactorModel(UserManager<ScariUser> users, SignInManager<ScariUser> signIn, TwoFactorAccounts twoFactor,
    AccountSessions sessions) : PageModel
{
    [BindProperty(SupportsGet = true)] public bool Obligatorio { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Escriba el código de seis dígitos que muestra la aplicación.")]
    [Display(Name = "Código de la aplicación")]
    public string Code { get; set; } = "";

    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    /// <summary>Roles this session cannot use until it proves a second factor.</summary>
    public IReadOnlyList<string> AwaitingTwoFactor { get; private set; } = [];
    public int RecoveryCodesLeft { get; private set; }
    public string Key { get; private set; } = "";
    public string QrDataUri { get; private set; } = "";
    public IReadOnlyList<string> NewRecoveryCodes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (ModelState.IsValid)
        {
            var codes = await twoFactor.EnableAsync(user, Code);
            if (codes is null)
                ModelState.AddModelError(nameof(Code), "El código no es correcto o ya venció: escriba el código que la aplicación muestra ahora.");
            else
            {
                // This session just proved the second factor: the roles that need it apply from the next request.
                if (HttpContext.Account().SessionId is { } session) await sessions.MarkTwoFactorAsync(session, HttpContext.RequestAborted);
                await signIn.RefreshSignInAsync(user);
                NewRecoveryCodes = codes;
            }
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (ModelState.IsValid)
        {
            var (result, codes) = await twoFactor.NewRecoveryCodesAsync(user, Code);
            if (result == TwoFactorChange.Done) NewRecoveryCodes = codes;
            else ModelState.AddModelError(nameof(Code), "El código no es correcto o ya venció: escriba el código que la aplicación muestra ahora.");
        }
        await LoadAsync(user);
        return Page();
    }

    /// <summary>
    /// The codes just shown, as a text file to keep (not stored, not cached, not compressed). The page posts back the
    /// codes it shows: nothing here reads them again from the account, and only code-shaped values are written.
    /// </summary>
    public async Task<IActionResult> OnPostDescargarCodigosAsync([FromForm(Name = "Codigos")] string[]? codigos)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var codes = (codigos ?? []).Select(c => c.Trim()).Where(c => RecoveryCodeShape().IsMatch(c)).Distinct()
            .Take(TwoFactorAccounts.RecoveryCodeCount).ToList();
        if (codes.Count == 0)
        {
            ModelState.AddModelError("", "No hay códigos para descargar: genere códigos de recuperación nuevos con el código de la aplicación.");
            await LoadAsync(user);
            return Page();
        }
        Response.Headers.CacheControl = "no-store";
        Compression.Refuse(HttpContext);
        var text = new StringBuilder()
            .Append("SCARI: códigos de recuperación del ingreso en dos pasos\r\n")
            .Append("Cuenta: ").Append(user.UserName).Append("\r\n\r\n")
            .Append("Cada código sirve una sola vez para ingresar si pierde el teléfono.\r\n")
            .Append("Guárdelos en un lugar seguro; al generar códigos nuevos, estos dejan de servir.\r\n\r\n");
        foreach (var code in codes) text.Append(code).Append("\r\n");
        return File(new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray(),
            "text/plain; charset=utf-8", "scari-codigos-de-recuperacion.txt");
    }

    [GeneratedRegex("^[A-Za-z0-9]{4,8}-[A-Za-z0-9]{4,8}$")]
    private static partial Regex RecoveryCodeShape();

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (ModelState.IsValid)
        {
            switch (await twoFactor.DisableAsync(user, Code))
            {
                case TwoFactorChange.Done:
                    await signIn.RefreshSignInAsync(user);
                    TempData["Aviso"] = "Desactivó el ingreso en dos pasos.";
                    return RedirectToPage();
                case TwoFactorChange.RequiredForRole:
                    ModelState.AddModelError("", "Las cuentas de administrador deben usar el ingreso en dos pasos: no se puede desactivar.");
                    break;
                default:
                    ModelState.AddModelError(nameof(Code), "El código no es correcto o ya venció: escriba el código que la aplicación muestra ahora.");
                    break;
            }
        }
        await LoadAsync(user);
        return Page();
    }

    private async Task LoadAsync(ScariUser user)
    {
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        Required = await twoFactor.IsRequiredAsync(user);
        AwaitingTwoFactor = HttpContext.Account().RolesAwaitingTwoFactor;
        if (Enabled) RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
        else
        {
            var (key, uri) = TwoFactorAccounts.PendingKey(user);
            Key = TwoFactorAccounts.FormatKey(key);
            QrDataUri = TwoFactorAccounts.QrDataUri(uri);
        }
        if (NewRecoveryCodes.Count > 0 || ModelState.IsValid) Code = "";
    }
}
