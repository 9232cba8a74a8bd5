using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.InPerson;

namespace Scari.Web.Features.Accounts;

/// <summary>
/// /cuenta/calendario: the person's private calendar address for their in-person sessions. Created or renewed here and
/// shown once, in the answer to that POST (only its SHA-256 is stored); revoked here.
/// </summary>
[Authorize]
public sealed class CalendarFeedModel(CalendarFeeds feeds) : PageModel
{
    public bool HasPerson { get; private set; }
    public DateTime? CreatedUtc { get; private set; }
    /// <summary>The new address, only in the answer that created it.</summary>
    public string? NewUrl { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRenovarAsync(CancellationToken ct)
    {
        if (HttpContext.Account().PersonId is not { } personId) return RedirectToPage();
        NewUrl = feeds.Url(await feeds.RenewAsync(personId, ct));
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevocarAsync(CancellationToken ct)
    {
        if (HttpContext.Account().PersonId is not { } personId) return RedirectToPage();
        TempData["Aviso"] = await feeds.RevokeAsync(personId, ct)
            ? "Dirección revocada: los programas de calendario que la usaban ya no reciben sus sesiones."
            : "No tenía una dirección de calendario.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var personId = HttpContext.Account().PersonId;
        HasPerson = personId is not null;
        CreatedUtc = personId is { } id ? await feeds.CreatedAsync(id, ct) : null;
    }
}
