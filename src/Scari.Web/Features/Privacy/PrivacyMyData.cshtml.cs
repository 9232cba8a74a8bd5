using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Privacy;

/// <summary>/mi-cuenta/mis-datos: everything held about the signed-in person, with JSON and CSV downloads.</summary>
[Authorize]
public sealed class PrivacyMyDataModel(PrivacyData data) : PageModel
{
    public IReadOnlyList<DataSection> Sections { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Sections = await data.ForAccountAsync(UserId, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetJsonAsync(CancellationToken ct) =>
        File(PrivacyData.ToJson(await data.ForAccountAsync(UserId, ct)), "application/json; charset=utf-8", "mis-datos-scari.json");

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        File(PrivacyData.ToCsv(await data.ForAccountAsync(UserId, ct)), "text/csv; charset=utf-8", "mis-datos-scari.csv");

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
}
