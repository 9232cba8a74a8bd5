using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.Learning;

namespace Scari.Web.Features.Surveys;

/// <summary>/encuestas/{curso} (reaction) and /encuestas/{curso}/impacto: the learner answers once, anonymously.</summary>
[Authorize]
public sealed class AnswerModel(LearnerSurveys surveys, LearnerProgress progress) : PageModel
{
    public SurveyOffer Offer { get; private set; } = null!;
    public SurveyVoice Voice => new(Offer.Tu);
    public List<string> Errors { get; } = [];
    /// <summary>What the person chose, kept when the form comes back with a problem.</summary>
    public Dictionary<string, string?> Chosen { get; } = new(StringComparer.Ordinal);
    [BindProperty] public string? Comment { get; set; }

    public async Task<IActionResult> OnGetAsync(string curso, string? tipo, CancellationToken ct) =>
        await LoadAsync(curso, tipo, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(string curso, string? tipo, CancellationToken ct)
    {
        if (await LoadAsync(curso, tipo, ct) is { } other) return other;
        var personId = (await progress.PersonOfAsync(User.FindFirstValue(ClaimTypes.NameIdentifier), ct))!.Value;
        foreach (var item in Offer.Survey?.Items ?? [])
            Chosen[item.Id] = Request.Form[$"Valor[{item.Id}]"].FirstOrDefault();
        var result = await surveys.SubmitAsync(personId, Offer.Course.Id, Offer.Kind, Chosen, Comment, ct);
        switch (result.Outcome)
        {
            case SubmitOutcome.Saved:
                TempData["Aviso"] = Voice.Thanks;
                return Redirect("/mi-aprendizaje");
            case SubmitOutcome.Invalid:
                Errors.AddRange(result.Errors);
                return Page();
            default:
                // Answered twice (a second tab, the back button) or no longer open: the page says which.
                if (result.Errors.Count > 0) TempData["Error"] = result.Errors[0];
                return Redirect(Offer.Url);
        }
    }

    private async Task<IActionResult?> LoadAsync(string curso, string? tipo, CancellationToken ct)
    {
        if (tipo is not (null or "impacto")) return NotFound();
        var personId = await progress.PersonOfAsync(User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        if (personId is null) return NotFound();
        var offer = await surveys.OfferAsync(personId.Value, curso, tipo is null ? SurveyKind.Reaccion : SurveyKind.Impacto, ct);
        if (offer is null || offer.State == SurveyState.None) return NotFound();
        Offer = offer;
        return null;
    }
}
