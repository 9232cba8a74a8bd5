using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Shared;
using Scari.Web.Features.Indicators;

namespace Scari.Web.Features.InPerson;

/// <summary>In-person sessions: the list (an administrator's every session, a tutor's their own) and a form to create one.</summary>
[Authorize(Roles = $"{Roles.Administrador},{Roles.Tutor}")]
public sealed class SessionsModel(ScariDbContext db, InPersonTraining training, IndicatorDefinitions definitions) : PageModel
{
    [BindProperty] public SessionInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "pagina")] public int PageNumber { get; set; } = 1;

    public Paged<SessionListRow> Sessions { get; private set; } = new([], 0, 1, Paging.PageSize);
    public IReadOnlyList<(string Id, string Title)> Courses { get; private set; } = [];
    /// <summary>The cohorts this account may invite: every one for an administrator, a tutor's own.</summary>
    public IReadOnlyList<(int Id, string Name)> Cohorts { get; private set; } = [];
    public IReadOnlyList<IndicatorDefinition> Indicators => definitions.All;
    public List<string> Errors { get; private set; } = [];
    /// <summary>False for a tutor: the list holds only the sessions recorded under their account.</summary>
    public bool SeesAll { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (HttpContext.Account() is not { IsSignedIn: true } account) return Forbid();
        Input.TutorName = User.FindFirstValue(ClaimTypes.Name);
        await LoadAsync(account, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (HttpContext.Account() is not { IsSignedIn: true } account) return Forbid();
        // Never from the form: the session belongs to whoever creates it (or to nobody, for an administrator).
        Input.TutorUserId = account.OwnerOfNewSession();
        if (Input.IndicatorId is { Length: > 0 } ind && definitions.Find(ind) is null) Input.IndicatorId = null;
        if (Input.CohortId is { } cohortId && !await InvitableCohorts(account).AnyAsync(c => c.Id == cohortId, ct))
        {
            Errors = ["Elija una cohorte de la lista: solo puede invitar a las cohortes que usted sigue."];
            await LoadAsync(account, ct);
            return Page();
        }
        var (session, errors) = await training.CreateSessionAsync(Input, ct);
        if (session is null)
        {
            Errors = errors;
            await LoadAsync(account, ct);
            return Page();
        }
        TempData["Aviso"] = $"Sesión «{session.Name}» creada. Ahora registre la asistencia.";
        return Redirect($"/admin/formacion-presencial/{session.Id}");
    }

    private async Task LoadAsync(CurrentAccount account, CancellationToken ct)
    {
        SeesAll = account.IsAdministrator;
        Courses = (await db.CourseVersions.AsNoTracking().Where(v => v.IsCurrent).OrderBy(v => v.Title)
            .Select(v => new { v.CourseId, v.Title }).ToListAsync(ct)).Select(v => (v.CourseId, v.Title)).ToList();
        Cohorts = (await InvitableCohorts(account).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Name)).ToList();
        Sessions = await db.TrainingSessions.AsNoTracking().VisibleTo(account)
            .OrderByDescending(s => s.Date).ThenByDescending(s => s.Id)
            .ToPageAsync(PageNumber, s => new SessionListRow(s.Id, s.Name, s.Date, s.Hours, s.TutorName, s.IndicatorId,
                db.Attendances.Count(a => a.SessionId == s.Id && a.Attended),
                db.Attendances.Count(a => a.SessionId == s.Id && a.Completed), s.CancelledUtc != null), ct);
    }

    private IQueryable<Enrollment.Cohort> InvitableCohorts(CurrentAccount account)
    {
        var userId = account.UserId;
        var cohorts = db.Cohorts.AsNoTracking();
        return account.IsAdministrator ? cohorts : cohorts.Where(c => c.TutorUserId == userId);
    }

    public string PageUrl(int page) => Paging.WithParameter("/admin/formacion-presencial", [], "pagina", page);

    public string IndicatorName(string? id) => definitions.Find(id)?.Name ?? "Ninguno";
}

public sealed record SessionListRow(int Id, string Name, DateOnly Date, int Hours, string TutorName, string? IndicatorId, int Attended, int Completed,
    bool Cancelled = false);
