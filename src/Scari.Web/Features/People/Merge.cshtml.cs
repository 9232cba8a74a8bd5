using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.People;

/// <summary>/admin/personas/fusionar?a=&amp;b=: the preview of a merge (what moves, the conflicts and how they are settled, the accounts) and the merge itself.</summary>
[Authorize(Roles = Roles.Administrador)]
public sealed class MergeModel(MergePeople merges) : PageModel
{
    public sealed class MergeInput
    {
        public int SurvivorId { get; set; }
        public int MergedId { get; set; }
        public string? AccountId { get; set; }
        public DocumentChangeKind? Kind { get; set; }
    }

    [BindProperty(SupportsGet = true, Name = "a")] public int A { get; set; }
    [BindProperty(SupportsGet = true, Name = "b")] public int B { get; set; }
    /// <summary>Which of the two survives; by default the newer record (usually the new document).</summary>
    [BindProperty(SupportsGet = true, Name = "conserva")] public int? Keep { get; set; }
    [BindProperty] public MergeInput Input { get; set; } = new();
    public MergePreview? Preview { get; private set; }
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (survivor, merged) = Direction();
        Input = new MergeInput { SurvivorId = survivor, MergedId = merged };
        return await LoadAsync(survivor, merged, ct);
    }

    public async Task<IActionResult> OnPostFusionarAsync(CancellationToken ct)
    {
        var actor = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (Input.Kind is not { } kind)
        {
            ModelState.AddModelError("Input.Kind", "Diga si el documento del registro que se fusiona es una renovación (un documento real de la persona) o una corrección (un número mal escrito).");
            return await LoadAsync(Input.SurvivorId, Input.MergedId, ct);
        }
        var result = await merges.MergeAsync(HttpContext.Account().Staff, new MergeRequest(Input.SurvivorId, Input.MergedId, Input.AccountId, kind), actor, ct);
        if (result.NotFound) return NotFound();
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", result.Error!);
            return await LoadAsync(Input.SurvivorId, Input.MergedId, ct);
        }
        TempData["Aviso"] = "Registros fusionados: ahora son una sola persona. Puede deshacer la fusión desde esta página mientras nada posterior dependa de ella.";
        return Redirect($"/admin/personas/fusiones/{result.MergeId}");
    }

    private (int Survivor, int Merged) Direction()
    {
        var keep = Keep == A ? A : Keep == B ? B : Math.Max(A, B);
        return (keep, keep == A ? B : A);
    }

    private async Task<IActionResult> LoadAsync(int survivor, int merged, CancellationToken ct)
    {
        (A, B) = (Math.Min(survivor, merged), Math.Max(survivor, merged));
        if (await merges.RefuseAsync(HttpContext.Account().Staff, survivor, merged, ct) is { } refused)
        {
            if (refused.NotFound) return NotFound();
            Refusal = refused.Error;
            return Page();
        }
        Preview = await merges.PreviewAsync(survivor, merged, ct);
        if (Preview is null) return NotFound();
        if (Input.Kind is null && ModelState.ErrorCount == 0)
        {
            var (s, m) = (Preview.Survivor.Document.Split(' ')[^1], Preview.Merged.Document.Split(' ')[^1]);
            Input.Kind = s == m ? DocumentChangeKind.Renewal : DuplicateScan.OneEditApart(s, m) ? DocumentChangeKind.Correction : null;
        }
        return Page();
    }
}
