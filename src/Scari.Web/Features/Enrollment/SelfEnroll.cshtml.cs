using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.Learning;

namespace Scari.Web.Features.Enrollment;

/// <summary>The "Inscribirme" button of a course page posts here.</summary>
[Authorize]
public sealed class SelfEnrollModel(EnrollPerson enroll, LearnerProgress progress) : PageModel
{
    public IActionResult OnGet(string curso) => Redirect($"/cursos/{Uri.EscapeDataString(curso)}");

    public async Task<IActionResult> OnPostAsync(string curso, CancellationToken ct)
    {
        var personId = await progress.PersonOfAsync(User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        if (personId is null)
        {
            TempData["Error"] = "Su cuenta no está vinculada a una persona: pida a un coordinador que le inscriba.";
            return Redirect($"/cursos/{Uri.EscapeDataString(curso)}");
        }
        var result = await enroll.SelfAsync(personId.Value, curso, ct);
        if (result.Result == EnrollResult.UnknownCourse) return NotFound();
        if (result.Result == EnrollResult.Enrolled) TempData["Aviso"] = "Quedó inscrito. Su avance se guardará a medida que estudie.";
        else if (result.Result == EnrollResult.AlreadyEnrolled) TempData["Aviso"] = result.Message;
        else TempData["Error"] = result.Message;
        return Redirect($"/cursos/{Uri.EscapeDataString(curso)}");
    }
}
