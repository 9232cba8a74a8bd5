using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Reminders;

/// <summary>/correo/baja/{token}: the link in a reminder or digest. GET asks (mail scanners open links), POST applies.</summary>
[AllowAnonymous]
public sealed class UnsubscribeModel(MailPreferences preferences) : PageModel
{
    public bool Valid { get; private set; }
    public bool Done { get; private set; }
    public bool ForCoordinator { get; private set; }

    public IActionResult OnGet(string token)
    {
        if (preferences.Read(token) is not { } who) { Response.StatusCode = StatusCodes.Status404NotFound; return Page(); }
        Valid = true;
        ForCoordinator = who.Audience == MailPreferences.Audience.Coordinator;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var result = OnGet(token);
        if (!Valid) return result;
        Done = await preferences.UnsubscribeAsync(token, ct);
        return Page();
    }
}

public static class UnsubscribeEndpoints
{
    /// <summary>RFC 8058 one-click: mail programs POST here without a form or a cookie; a GET goes to the page that asks.</summary>
    public static WebApplication MapScariUnsubscribe(this WebApplication app)
    {
        app.MapPost("/correo/baja/{token}/un-clic", async (string token, MailPreferences preferences, CancellationToken ct) =>
            await preferences.UnsubscribeAsync(token, ct) ? Results.Text("Listo: no recibirá más mensajes como ese.", "text/plain; charset=utf-8") : Results.NotFound())
            .AllowAnonymous().DisableAntiforgery();
        app.MapGet("/correo/baja/{token}/un-clic", (string token) => Results.Redirect($"/correo/baja/{Uri.EscapeDataString(token)}")).AllowAnonymous();
        return app;
    }
}
