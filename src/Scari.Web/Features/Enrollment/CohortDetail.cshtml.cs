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
public sealed class CohortDetailModel(ScariDbContext db, Cohorts cohorts, EnrollPerson enroll, CourseOutlines outlines,
    CohortSlips cohortSlips, Content.CourseCatalog catalog) : PageModel
{
    public sealed record Header(int Id, string Name, string CourseId, string CourseTitle, DateOnly StartDate, DateOnly EndDate, string? Tutor, string? Owner,
        int? RemindNotStartedDays = null, int? RemindStalledDays = null, int? RemindClosingDays = null);
    public sealed record Candidate(int Id, string Name, string Document);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "pagina")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "candidatos")] public int CandidatePage { get; set; } = 1;
    public Header Cohort { get; private set; } = null!;
    public Paged<EnrollmentRow> Members { get; private set; } = new([], 0, 1, Paging.PageSize);
    public Paged<Candidate> Candidates { get; private set; } = new([], 0, 1, Paging.PageSize);
    public bool CanManage { get; private set; }
    /// <summary>Who gets a sign-in slip; null when the viewer does not manage the cohort.</summary>
    public CohortSlipPlan? Slips { get; private set; }
    /// <summary>Live certificates of members the viewer manages: the ZIP link shows when there is at least one.</summary>
    public int LiveCertificates { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        if (!viewer.IsSignedIn) return Forbid();
        return await LoadAsync(viewer, id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAddAsync(int id, List<int> personIds, CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        if (!viewer.IsSignedIn) return Forbid();
        if (!await db.Cohorts.ManageableBy(viewer).AnyAsync(c => c.Id == id, ct)) return NotFound();
        var result = await cohorts.AddMembersAsync(viewer, id, personIds, ct);
        if (result.Problems.Count > 0)
        {
            foreach (var p in result.Problems) ModelState.AddModelError("", p);
            if (result.Added > 0) ModelState.AddModelError("", $"Se agregaron {result.Added} personas; las demás, no.");
            await LoadAsync(viewer, id, ct);
            return Page();
        }
        TempData["Aviso"] = result.Added == 1 ? "Se agregó 1 persona a la cohorte." : $"Se agregaron {result.Added} personas a la cohorte.";
        return Redirect($"/admin/cohortes/{id}");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(int id, int enrollmentId, CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        if (!viewer.IsSignedIn) return Forbid();
        if (!await db.Cohorts.ManageableBy(viewer).AnyAsync(c => c.Id == id, ct)) return NotFound();
        if (!await db.Enrollments.AnyAsync(e => e.Id == enrollmentId && e.CohortId == id, ct)) return NotFound();
        var result = await enroll.WithdrawAsync(viewer, enrollmentId, ct);
        if (result.Result == EnrollResult.UnknownEnrollment) return NotFound();
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", result.Message);
            await LoadAsync(viewer, id, ct);
            return Page();
        }
        TempData["Aviso"] = result.Message;
        return Redirect($"/admin/cohortes/{id}");
    }

    /// <summary>The course's reminder rules (curso.md), shown beside the cohort's own.</summary>
    public Reminders.ReminderRules? CourseReminders => catalog.Find(Cohort.CourseId)?.Reminders;

    public async Task<IActionResult> OnPostRecordatoriosAsync(int id, int? sinEmpezar, int? sinAvance, int? cierre, CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        if (!viewer.IsSignedIn) return Forbid();
        if (!await db.Cohorts.ManageableBy(viewer).AnyAsync(c => c.Id == id, ct)) return NotFound();
        ModelState.Clear();
        var errors = await cohorts.SetRemindersAsync(viewer, id, sinEmpezar, sinAvance, cierre, ct);
        if (errors.Count > 0)
        {
            foreach (var e in errors) ModelState.AddModelError("", e);
            await LoadAsync(viewer, id, ct);
            return Page();
        }
        TempData["Aviso"] = "Recordatorios de la cohorte guardados.";
        return Redirect($"/admin/cohortes/{id}");
    }

    /// <summary>One PDF with a sign-in slip (a fresh one-time code) per student member of the cohort.</summary>
    public async Task<IActionResult> OnPostSlipsAsync(int id, CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        if (!viewer.IsSignedIn) return Forbid();
        if (!await db.Cohorts.VisibleTo(viewer).AnyAsync(c => c.Id == id, ct)) return NotFound();
        var plan = await cohortSlips.PlanAsync(viewer, id, ct);
        if (plan is null) return Forbid(); // the cohort's tutor sees it but does not hand out codes
        var result = await cohortSlips.PrintAsync(viewer, plan, id, HttpContext.Links().BaseUrl, ct);
        if (result is not { } r)
        {
            ModelState.AddModelError("", plan.StudentIds.Count == 0
                ? "La cohorte no tiene estudiantes: las hojas de ingreso son solo para estudiantes. Los servidores públicos ingresan con su correo y contraseña."
                : "No se pudo generar ninguna hoja: los estudiantes de la cohorte no están entre las personas que usted gestiona o tienen una cuenta de personal.");
            await LoadAsync(viewer, id, ct);
            return Page();
        }
        return File(r.Pdf, "application/pdf", $"hojas-ingreso-cohorte-{id}-{r.Count}-estudiantes.pdf");
    }

    private async Task<bool> LoadAsync(CurrentAccount viewer, int id, CancellationToken ct)
    {
        var header = await db.Cohorts.VisibleTo(viewer).AsNoTracking().Where(c => c.Id == id)
            .Select(c => new Header(c.Id, c.Name, c.CourseId,
                db.CourseVersions.Where(v => v.CourseId == c.CourseId && v.IsCurrent).Select(v => v.Title).FirstOrDefault() ?? c.CourseId,
                c.StartDate, c.EndDate,
                db.Users.Where(u => u.Id == c.TutorUserId).Select(u => u.FullName).FirstOrDefault(),
                db.Colegios.Where(x => x.Id == c.ColegioId).Select(x => x.Name).FirstOrDefault()
                    ?? db.Dependencias.Where(x => x.Id == c.DependenciaId).Select(x => x.Name).FirstOrDefault(),
                c.RemindNotStartedDays, c.RemindStalledDays, c.RemindClosingDays))
            .SingleOrDefaultAsync(ct);
        if (header is null) return false;
        Cohort = header;
        CanManage = viewer.CanManage && await db.Cohorts.ManageableBy(viewer).AnyAsync(c => c.Id == id, ct);
        // Only the members within the viewer's scope: a cohort of a colegio may hold people of other colegios.
        Members = await db.Enrollments.VisibleTo(viewer).Where(e => e.CohortId == id).PageAsync(db, outlines, PageNumber, ct);
        if (CanManage)
        {
            Slips = await cohortSlips.PlanAsync(viewer, id, ct);
            LiveCertificates = await db.Enrollments.ManageableBy(viewer).Where(e => e.CohortId == id)
                .CountAsync(e => db.Certificates.Any(c => c.RevokedUtc == null && c.Completion.EnrollmentId == e.Id), ct);
            var audience = await db.CourseVersions.Where(v => v.CourseId == header.CourseId && v.IsCurrent).Select(v => v.Audience).FirstOrDefaultAsync(ct);
            var people = db.People.VisibleTo(viewer).AsNoTracking()
                .Where(p => p.AnonymizedUtc == null && (audience == null || p.Audience == audience))
                .Where(p => !db.Enrollments.Any(e => e.PersonId == p.Id && e.CourseId == header.CourseId && e.WithdrawnUtc == null && e.CohortId != null));
            if (!string.IsNullOrWhiteSpace(Q))
            {
                var q = Q.Trim().ToLower();
                people = people.Where(p => (p.GivenNames + " " + p.FamilyNames).ToLower().Contains(q) || p.DocumentNumber.Contains(q));
            }
            Candidates = await people.OrderBy(p => p.FamilyNames).ThenBy(p => p.GivenNames).ThenBy(p => p.Id)
                .ToPageAsync(CandidatePage, p => new Candidate(p.Id, p.GivenNames + " " + p.FamilyNames, p.DocumentNumber), ct);
        }
        return true;
    }

    /// <summary>Members page and candidates page are independent; each link keeps the search and the other list's page.</summary>
    public string MembersUrl(int page) =>
        Paging.WithParameter($"/admin/cohortes/{Cohort.Id}", [new("q", Q), new("candidatos", CandidatePage > 1 ? Candidates.Page.ToString() : null)], "pagina", page);

    public string CandidatesUrl(int page) =>
        Paging.WithParameter($"/admin/cohortes/{Cohort.Id}", [new("q", Q), new("pagina", PageNumber > 1 ? Members.Page.ToString() : null)], "candidatos", page);
}
