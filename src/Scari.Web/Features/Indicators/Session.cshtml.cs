using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Indicators;

/// <summary>One session: its attendance list (attended, completed) and a search to add people.</summary>
[Authorize(Roles = $"{Roles.Administrador},{Roles.Tutor}")]
public sealed class SessionModel(ScariDbContext db, InPersonTraining training, IndicatorDefinitions definitions) : PageModel
{
    /// <summary>How many matches the search shows; past that the page asks for a longer name or number.</summary>
    public const int MaxCandidates = 20;

    [BindProperty(SupportsGet = true)] public string? Buscar { get; set; }
    [BindProperty] public List<MarkInput> Marks { get; set; } = [];
    [BindProperty] public List<int> Agregar { get; set; } = [];
    [BindProperty] public bool Completaron { get; set; } = true;

    public TrainingSession Session { get; private set; } = null!;
    public IReadOnlyList<AttendanceRow> Attendance { get; private set; } = [];
    public IReadOnlyList<CandidateRow> Candidates { get; private set; } = [];
    public bool MoreCandidates { get; private set; }
    public List<string> Problems { get; private set; } = [];
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
        Problems = await training.RecordAsync(id, [.. Agregar.Select(p => new AttendanceMark(p, true, Completaron))], ct);
        if (Problems.Count > 0) { await LoadAsync(id, ct); return Page(); }
        TempData["Aviso"] = Agregar.Count == 1 ? "Se agregó 1 persona a la asistencia." : $"Se agregaron {Agregar.Count} personas a la asistencia.";
        return Redirect($"/admin/formacion-presencial/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var session = await db.TrainingSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null) return false;
        Session = session;
        Attendance = await db.Attendances.AsNoTracking().Where(a => a.SessionId == id)
            .OrderBy(a => a.Person.FamilyNames).ThenBy(a => a.Person.GivenNames)
            .Select(a => new AttendanceRow(a.PersonId, a.Person.FamilyNames + ", " + a.Person.GivenNames,
                a.Person.DocumentType.ToString() + " " + a.Person.DocumentNumber, a.Attended, a.Completed))
            .ToListAsync(ct);
        if (!string.IsNullOrWhiteSpace(Buscar))
        {
            var q = Buscar.Trim().ToLower();
            var found = await db.People.AsNoTracking()
                .Where(p => p.AnonymizedUtc == null && !db.Attendances.Any(a => a.SessionId == id && a.PersonId == p.Id))
                .Where(p => p.DocumentNumber.StartsWith(q) || p.FamilyNames.ToLower().Contains(q) || p.GivenNames.ToLower().Contains(q))
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

public sealed record AttendanceRow(int PersonId, string Name, string Document, bool Attended, bool Completed);

public sealed record CandidateRow(int PersonId, string Name, string Document);
