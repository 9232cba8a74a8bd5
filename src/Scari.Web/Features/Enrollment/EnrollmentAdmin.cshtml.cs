using Scari.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Learning;
using Scari.Web.Features.Shared;

namespace Scari.Web.Features.Enrollment;

[Authorize(Policy = "Staff")]
public sealed class EnrollmentAdminModel(ScariDbContext db, EnrollPerson enroll, CourseOutlines outlines) : PageModel
{
    public sealed record Choice(string Value, string Text);

    [BindProperty(SupportsGet = true)] public string? Curso { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "pagina")] public int PageNumber { get; set; } = 1;
    [BindProperty] public string? Document { get; set; }
    [BindProperty] public string? CourseId { get; set; }

    public Paged<EnrollmentRow> Rows { get; private set; } = new([], 0, 1, Paging.PageSize);
    public List<Choice> Courses { get; private set; } = [];
    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        if (!viewer.IsSignedIn) return Forbid();
        await LoadAsync(viewer, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEnrollAsync(CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        if (!viewer.IsSignedIn) return Forbid();
        var number = (Document ?? "").Trim();
        if (number.Length == 0) ModelState.AddModelError("", "Escriba el número de documento de la persona.");
        if (string.IsNullOrEmpty(CourseId)) ModelState.AddModelError("", "Elija el curso.");
        if (ModelState.ErrorCount == 0)
        {
            var people = await db.People.VisibleTo(viewer).Where(p => p.DocumentNumber == number).Select(p => p.Id).Take(2).ToListAsync(ct);
            if (people.Count == 0)
                ModelState.AddModelError("", $"No encontramos a una persona con el documento {number} entre las que usted puede inscribir.");
            else if (people.Count > 1)
                ModelState.AddModelError("", $"Hay varias personas con el número {number} (con distinto tipo de documento): inscríbalas desde una cohorte.");
            else
            {
                var result = await enroll.ByStaffAsync(viewer, people[0], CourseId!, ct);
                if (result.Succeeded)
                {
                    TempData["Aviso"] = result.Message;
                    return Redirect("/admin/inscripciones");
                }
                ModelState.AddModelError("", result.Message);
            }
        }
        await LoadAsync(viewer, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(int enrollmentId, CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        if (!viewer.IsSignedIn) return Forbid();
        var result = await enroll.WithdrawAsync(viewer, enrollmentId, ct);
        if (result.Result == EnrollResult.UnknownEnrollment) return NotFound();
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", result.Message);
            await LoadAsync(viewer, ct);
            return Page();
        }
        TempData["Aviso"] = result.Message;
        return Redirect("/admin/inscripciones");
    }

    private async Task LoadAsync(CurrentAccount viewer, CancellationToken ct)
    {
        CanManage = viewer.CanManage;
        Courses = await db.CourseVersions.AsNoTracking().OfferedTo(viewer).OrderBy(v => v.Title)
            .Select(v => new Choice(v.CourseId, v.Title)).ToListAsync(ct);
        var query = db.Enrollments.VisibleTo(viewer);
        if (!string.IsNullOrEmpty(Curso)) query = query.Where(e => e.CourseId == Curso);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim().ToLower();
            query = query.Where(e => (e.Person.GivenNames + " " + e.Person.FamilyNames).ToLower().Contains(q) || e.Person.DocumentNumber.Contains(q));
        }
        Rows = await query.PageAsync(db, outlines, PageNumber, ct);
    }

    public string PageUrl(int page) =>
        Paging.WithParameter("/admin/inscripciones", [new("curso", Curso), new("q", Q)], "pagina", page);
}
