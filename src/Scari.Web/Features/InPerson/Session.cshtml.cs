using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;
using Scari.Web.Features.Indicators;

namespace Scari.Web.Features.InPerson;

/// <summary>
/// One session: its attendance list (attended, completed) and a search to add people. A tutor opens only their own
/// sessions (any other id answers 404, on every handler) and finds people only by their whole document number.
/// An administrator also hands the session to a tutor account (or to none): the one account, besides administrators, that follows it.
/// </summary>
[Authorize(Roles = $"{Roles.Administrador},{Roles.Tutor}")]
public sealed class SessionModel(ScariDbContext db, InPersonTraining training, IndicatorDefinitions definitions) : PageModel
{
    /// <summary>How many matches the search shows; past that the page asks for a longer name or number.</summary>
    public const int MaxCandidates = 20;

    [BindProperty(SupportsGet = true)] public string? Buscar { get; set; }
    [BindProperty] public List<MarkInput> Marks { get; set; } = [];
    [BindProperty] public List<int> Agregar { get; set; } = [];
    [BindProperty] public bool Completaron { get; set; } = true;
    [BindProperty] public ScheduleInput Schedule { get; set; } = new();
    /// <summary>The invited cohort's name, when the session has one.</summary>
    public string? CohortName { get; private set; }
    /// <summary>The tutor account chosen to follow the session; empty for none.</summary>
    [BindProperty] public string? CuentaTutor { get; set; }

    public TrainingSession Session { get; private set; } = null!;
    public IReadOnlyList<AttendanceRow> Attendance { get; private set; } = [];
    public IReadOnlyList<CandidateRow> Candidates { get; private set; } = [];
    public bool MoreCandidates { get; private set; }
    /// <summary>False for a tutor: no name search, only an exact document number, and only the people it found can be added.</summary>
    public bool SearchesByName { get; private set; }
    public List<string> Problems { get; private set; } = [];
    /// <summary>True for an administrator: the page offers to hand the session to a tutor account.</summary>
    public bool AssignsTutor { get; private set; }
    public IReadOnlyList<TutorAccount> TutorAccounts { get; private set; } = [];
    /// <summary>The account that follows the session now, when it has one (it may have lost the Tutor role since).</summary>
    public TutorAccount? CurrentTutor { get; private set; }
    public bool CurrentTutorIsListed => CurrentTutor is not null && TutorAccounts.Any(t => t.UserId == CurrentTutor.UserId);
    public string IndicatorName => definitions.Find(Session.IndicatorId)?.Name ?? "Ninguno";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var attending = Attendance.Select(a => a.PersonId).ToHashSet();
        // Only people already on this session's list can be changed here.
        var marks = Marks.Where(m => attending.Contains(m.PersonId)).Select(m => new AttendanceMark(m.PersonId, m.Attended, m.Completed)).ToList();
        Problems = await training.RecordAsync(id, marks, ct);
        if (Problems.Count > 0) { await LoadAsync(id, ct); return Page(); }
        TempData["Aviso"] = "Asistencia guardada.";
        return Redirect($"/admin/formacion-presencial/{id}");
    }

    public async Task<IActionResult> OnPostAddAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Agregar.Count == 0)
        {
            Problems = ["Marque al menos una persona de los resultados de la búsqueda para agregarla."];
            return Page();
        }
        // A tutor may not add people by id: the list would then show the name and document of anyone in the city.
        if (!SearchesByName && Agregar.Any(p => !Candidates.Any(c => c.PersonId == p)))
        {
            Problems = ["Solo puede agregar a las personas que encontró con su número de documento completo: búsquelas de nuevo y márquelas en los resultados."];
            return Page();
        }
        Problems = await training.RecordAsync(id, [.. Agregar.Select(p => new AttendanceMark(p, true, Completaron))], ct);
        if (Problems.Count > 0) { await LoadAsync(id, ct); return Page(); }
        TempData["Aviso"] = Agregar.Count == 1 ? "Se agregó 1 persona a la asistencia." : $"Se agregaron {Agregar.Count} personas a la asistencia.";
        return Redirect($"/admin/formacion-presencial/{id}");
    }

    public async Task<IActionResult> OnPostProgramarAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Problems = await training.RescheduleAsync(id, Schedule, ct);
        if (Problems.Count > 0) { await LoadAsync(id, ct); return Page(); }
        TempData["Aviso"] = Session.CohortId is null
            ? "Se guardaron la fecha, el horario y el lugar."
            : "Se guardaron la fecha, el horario y el lugar; la cohorte recibe el cambio por correo si la sesión aún no ha ocurrido.";
        return Redirect($"/admin/formacion-presencial/{id}");
    }

    public async Task<IActionResult> OnPostCancelarAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Problems = await training.CancelAsync(id, ct);
        if (Problems.Count > 0) { await LoadAsync(id, ct); return Page(); }
        TempData["Aviso"] = "Sesión cancelada." + (Session.CohortId is null ? "" : " La cohorte recibe el aviso por correo si la sesión aún no había ocurrido.");
        return Redirect($"/admin/formacion-presencial/{id}");
    }

    public async Task<IActionResult> OnPostTutorAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!AssignsTutor) return Forbid();
        var (error, tutor) = await training.AssignTutorAsync(id, CuentaTutor, ct);
        if (error is not null)
        {
            Problems = [error];
            return Page();
        }
        TempData["Aviso"] = tutor is null
            ? "La sesión ya no la sigue ninguna cuenta de tutor: solo la ven los administradores."
            : $"La sesión ahora la sigue {tutor.Label}: la verá en su lista y podrá registrar la asistencia.";
        return Redirect($"/admin/formacion-presencial/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (HttpContext.Account() is not { IsSignedIn: true } account) return false;
        var session = await db.TrainingSessions.AsNoTracking().VisibleTo(account).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null) return false;
        SearchesByName = account.IsAdministrator;
        AssignsTutor = account.IsAdministrator;
        Session = session;
        CohortName = session.CohortId is { } cohortId
            ? await db.Cohorts.AsNoTracking().Where(c => c.Id == cohortId).Select(c => c.Name).FirstOrDefaultAsync(ct)
            : null;
        if (AssignsTutor)
        {
            TutorAccounts = await training.TutorAccountsAsync(ct);
            CurrentTutor = session.TutorUserId is { } tutorId ? await training.AccountAsync(tutorId, ct) : null;
        }
        Attendance = await db.Attendances.AsNoTracking().Where(a => a.SessionId == id)
            .OrderBy(a => a.Person.FamilyNames).ThenBy(a => a.Person.GivenNames)
            .Select(a => new AttendanceRow(a.PersonId, a.Person.FamilyNames + ", " + a.Person.GivenNames,
                a.Person.DocumentType.ToString() + " " + a.Person.DocumentNumber, a.Attended, a.Completed,
                a.CompletionId, a.Completion != null && a.Completion.VoidedUtc != null))
            .ToListAsync(ct);
        if (!string.IsNullOrWhiteSpace(Buscar))
        {
            var candidates = db.People.AsNoTracking()
                .Where(p => p.AnonymizedUtc == null && !db.Attendances.Any(a => a.SessionId == id && a.PersonId == p.Id));
            if (SearchesByName)
            {
                var q = Buscar.Trim().ToLower();
                candidates = candidates.Where(p => p.DocumentNumber.StartsWith(q) || p.FamilyNames.ToLower().Contains(q) || p.GivenNames.ToLower().Contains(q));
            }
            else
            {
                // A tutor has no people scope: the whole number, as on the person's document, finds them; a fragment finds nobody.
                var number = DocumentRules.Normalize(Buscar);
                candidates = candidates.Where(p => p.DocumentNumber == number);
            }
            var found = await candidates
                .OrderBy(p => p.FamilyNames).ThenBy(p => p.GivenNames).ThenBy(p => p.Id).Take(MaxCandidates + 1)
                .Select(p => new CandidateRow(p.Id, p.FamilyNames + ", " + p.GivenNames, p.DocumentType.ToString() + " " + p.DocumentNumber))
                .ToListAsync(ct);
            MoreCandidates = found.Count > MaxCandidates;
            Candidates = [.. found.Take(MaxCandidates)];
        }
        return true;
    }
}

public sealed class MarkInput
{
    public int PersonId { get; set; }
    public bool Attended { get; set; }
    public bool Completed { get; set; }
}

/// <summary>A person on the list; <see cref="CompletionId"/> names the record their completion made, <see cref="Voided"/> when an administrator voided it.</summary>
public sealed record AttendanceRow(int PersonId, string Name, string Document, bool Attended, bool Completed, int? CompletionId = null, bool Voided = false);

public sealed record CandidateRow(int PersonId, string Name, string Document);
